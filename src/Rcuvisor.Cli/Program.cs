// Placeholder entry point so the solution builds; the command line (run, bench,
// torture, info) is its own issue and replaces this file.
return 0;
