# core/ sources added for the tuning stage (added to covertype_core).
