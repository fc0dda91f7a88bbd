# core/ sources added for the shell stage (added to covertype_core).
