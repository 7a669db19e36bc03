extension Command {
    /// `switchboard version`: prints `switchboard <version>` and the Swift version and platform.
    public static let version = Command(
        name: "version",
        summary: "Print the version and platform.",
        run: { invocation in
            invocation.console.write(SwitchboardVersion.text)
            return ExitCode.success
        })
}
