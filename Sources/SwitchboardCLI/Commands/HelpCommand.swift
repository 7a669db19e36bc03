extension Command {
    /// `switchboard help [COMMAND...]`: prints the help of the top level or of a command.
    public static let help = Command(
        name: "help",
        summary: "Show help for a command.",
        usage: "[COMMAND [SUBCOMMAND]]",
        arguments: [CommandArgument("COMMAND", help: "The command to explain.", isOptional: true, isRepeated: true)],
        run: { invocation in
            let path = invocation.arguments.positionals
            if path.isEmpty {
                invocation.console.write(HelpRenderer.topLevel(commands: invocation.commands))
                return ExitCode.success
            }
            guard let text = HelpRenderer.help(for: path, commands: invocation.commands) else {
                let known = invocation.commands.filter { !$0.isHidden }.map(\.name)
                throw UsageError(ArgumentParser.unknown("command", path.joined(separator: " "), among: known))
            }
            invocation.console.write(text)
            return ExitCode.success
        })
}
