# Tests of the data stage.
covertype_add_test(tst_rowfilter covertype_ui)
covertype_add_test(tst_datapanel covertype_ui)
