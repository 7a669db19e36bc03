/// Renders the help text of the top level and of each command from their declarations.
public enum HelpRenderer {
    /// The top-level help: what the tool is and the list of commands.
    public static func topLevel(commands: [Command]) -> String {
        var lines = [
            "switchboard \(SwitchboardVersion.current): configuration as code for contact-center messaging.",
            "",
            "USAGE: switchboard <command> [options] [arguments]",
            "",
            "COMMANDS:",
        ]
        lines += table(commands.filter { !$0.isHidden }.map { ($0.name, $0.summary) })
        lines += [
            "",
            "OPTIONS:",
        ]
        lines += table([("-h, --help", "Show this help."), ("--version", "Print the version and platform.")])
        lines += [
            "",
            "See 'switchboard help <command>' (or 'switchboard <command> --help') for a command's options.",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// The help of the command at `path`, or nil when no such command exists.
    public static func help(for path: [String], commands: [Command]) -> String? {
        guard let command = resolve(path, in: commands) else { return nil }
        var lines = ["OVERVIEW: \(command.summary)", ""]
        if let discussion = command.discussion {
            lines += [discussion, ""]
        }
        lines.append("USAGE: " + usageLine(for: command, path: path))
        let visibleSubcommands = command.subcommands.filter { !$0.isHidden }
        if !visibleSubcommands.isEmpty {
            lines += ["", "SUBCOMMANDS:"]
            lines += table(visibleSubcommands.map { ($0.name, $0.summary) })
        }
        if !command.arguments.isEmpty {
            lines += ["", "ARGUMENTS:"]
            lines += table(command.arguments.map { ($0.name, $0.help) })
        }
        lines += ["", "OPTIONS:"]
        var rows: [(String, String)] = command.options.map { option in
            var label = "--\(option.name)"
            if option.arity != .flag { label += " \(option.valueName)" }
            var text = option.help
            if let number = option.number { text += " (\(number.bounds))" }
            if let value = option.defaultValue { text += " (default: \(value))" }
            if option.arity == .repeated { text += " (repeatable)" }
            return (label, text)
        }
        rows.append(("-h, --help", "Show this help."))
        lines += table(rows)
        if !visibleSubcommands.isEmpty {
            lines += [
                "", "See 'switchboard help \(path.joined(separator: " ")) <subcommand>' for a subcommand's options.",
            ]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `switchboard state show ADDR`, built from the path and the declared usage (or the arguments).
    public static func usageLine(for command: Command, path: [String]) -> String {
        var usage = command.usage
        if usage.isEmpty {
            var parts = command.arguments.map { argument in
                var text = argument.name
                if argument.isRepeated { text += "..." }
                return argument.isOptional ? "[\(text)]" : text
            }
            if !command.subcommands.isEmpty { parts.insert("<subcommand>", at: 0) }
            if !command.options.isEmpty { parts.append("[options]") }
            usage = parts.joined(separator: " ")
        }
        let head = "switchboard " + path.joined(separator: " ")
        return usage.isEmpty ? head : head + " " + usage
    }

    /// The command at `path` in `commands`, following subcommands.
    public static func resolve(_ path: [String], in commands: [Command]) -> Command? {
        guard let first = path.first, var command = commands.first(where: { $0.name == first }) else { return nil }
        for word in path.dropFirst() {
            guard let sub = command.subcommand(named: word) else { return nil }
            command = sub
        }
        return command
    }

    /// Two aligned columns, indented by two spaces; long labels put the text on the next line.
    static func table(_ rows: [(String, String)]) -> [String] {
        let width = min(max(rows.map(\.0.count).max() ?? 0, 8), 24) + 2
        var lines: [String] = []
        for (label, text) in rows {
            if label.count + 2 > width {
                lines.append("  \(label)")
                lines.append("  " + String(repeating: " ", count: width) + text)
            } else {
                lines.append("  " + label + String(repeating: " ", count: width - label.count) + text)
            }
        }
        return lines
    }
}
