// DisplayWidth and TextFit live in GateboardCore: one width function for the CLI and the TUI,
// the one the terminal uses. Every file of the UI sees them through this import.
@_exported import GateboardCore
