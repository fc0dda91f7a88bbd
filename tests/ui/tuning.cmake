# Tests of the tuning stage.
covertype_add_test(tst_parametertablemodel covertype_ui)
covertype_add_test(tst_tuningconfigpanel covertype_ui)
