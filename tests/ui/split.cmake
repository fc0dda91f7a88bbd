# Tests of the split stage.
covertype_add_test(tst_splitpreview covertype_ui)
covertype_add_test(tst_splitpanel covertype_ui)
