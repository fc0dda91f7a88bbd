# Tests of the runs stage.
covertype_add_test(tst_tuningjob covertype_ui)
covertype_add_test(tst_runspanel covertype_ui)
