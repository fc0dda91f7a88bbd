# Tests of the shell stage.
covertype_add_test(tst_mainwindow covertype_ui)
