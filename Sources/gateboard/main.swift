import Foundation

// Entry point: parse, run, and map every outcome to the documented exit codes
// (0 ok, 1 refused or blocked, 2 usage, 3 board invalid or I/O).
exit(CommandLineEntry.run(Array(CommandLine.arguments.dropFirst())))
