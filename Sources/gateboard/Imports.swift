// Everything the command line prints lives in GateboardCLI; every file here sees it.
@_exported import GateboardCLI
