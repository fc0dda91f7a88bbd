# Tests of the deploy stage.
covertype_add_test(tst_deploypanel covertype_ui)
