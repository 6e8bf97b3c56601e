import ArgumentParser

/// `--json` or `--markdown` (or neither: text) for the ritual commands.
struct FormatOptions: ParsableArguments {
    @Flag(help: "Print JSON (camelCase, stable keys).") var json = false
    @Flag(help: "Print Markdown to paste into a chat or wiki.") var markdown = false

    func validate() throws {
        if json && markdown { throw ValidationError("choose one of --json and --markdown") }
    }
}
