import Foundation

// Entry point: parse, run, and map every outcome to the documented exit codes
// (0 ok, 1 refused or blocked, 2 usage, 3 board invalid or I/O, output included).
// Output that could not be written (a full disk, a closed stdout) turns any outcome into 3.
Stdout.reserveStandardDescriptors()
exit(Stdout.finish(CommandLineEntry.run(Array(CommandLine.arguments.dropFirst()))))
