import SwitchboardModel

/// What the command line asks for.
public enum ParseOutcome: Sendable, Hashable {
    /// Run the command at `commandPath` with `arguments`.
    case run(commandPath: [String], arguments: ParsedArguments)
    /// Print help for `commandPath` (empty: the top level) on standard output and exit 0.
    case help(commandPath: [String])
    /// Print the version and exit 0 (`switchboard --version`).
    case version
}

/// A small hand-written parser for `switchboard <command> [<subcommand>] [options] [arguments]`.
///
/// Long options only (`--flag`, `--flag value`, `--flag=value`), plus `-h`; repeated options keep every value;
/// `--` ends options; a lone `-` is a positional argument.
public struct ArgumentParser: Sendable {
    /// The registry to resolve commands against.
    public var commands: [Command]

    /// Creates a parser over `commands`.
    public init(commands: [Command]) {
        self.commands = commands
    }

    /// Parses `arguments` (without the program name).
    ///
    /// Throws `UsageError` for no command, an unknown command or option, a missing or unexpected option value,
    /// a value outside an option's choices or number format, and too many or too few positional arguments.
    public func parse(_ arguments: [String]) throws(UsageError) -> ParseOutcome {
        guard let first = arguments.first else {
            throw UsageError("no command given")
        }
        if first == "--help" || first == "-h" {
            return .help(commandPath: [])
        }
        if first == "--version" {
            return .version
        }
        if first.hasPrefix("-") {
            throw UsageError("unknown option '\(first)'; a command comes first")
        }

        // Resolve the command words: the top-level command, then nested subcommands.
        guard var command = commands.first(where: { $0.name == first }) else {
            throw UsageError(Self.unknown("command", first, among: commands.filter { !$0.isHidden }.map(\.name)))
        }
        var path = [first]
        var index = 1
        while !command.subcommands.isEmpty, index < arguments.count, !arguments[index].hasPrefix("-") {
            let word = arguments[index]
            guard let sub = command.subcommand(named: word) else {
                throw UsageError(
                    Self.unknown(
                        "command", "\(path.joined(separator: " ")) \(word)",
                        among: command.subcommands.filter { !$0.isHidden }.map {
                            "\(path.joined(separator: " ")) \($0.name)"
                        }),
                    commandPath: path)
            }
            command = sub
            path.append(word)
            index += 1
        }

        let parsed = try parseOptions(Array(arguments[index...]), of: command, path: path)
        guard let parsed else { return .help(commandPath: path) }
        if command.run == nil {
            throw UsageError("'\(path.joined(separator: " "))' needs a subcommand", commandPath: path)
        }
        return .run(commandPath: path, arguments: parsed)
    }

    /// Parses what follows the command words; nil when `--help` / `-h` was given.
    private func parseOptions(_ tokens: [String], of command: Command, path: [String]) throws(UsageError)
        -> ParsedArguments?
    {
        // `--help` wins over anything else on the line (before `--`), even an unknown option.
        if tokens.prefix(while: { $0 != "--" }).contains(where: { $0 == "--help" || $0 == "-h" }) {
            return nil
        }
        var result = ParsedArguments()
        var index = 0
        var optionsEnded = false
        while index < tokens.count {
            let token = tokens[index]
            index += 1
            if optionsEnded || token == "-" || !token.hasPrefix("-") {
                result.positionals.append(token)
            } else if token == "--" {
                optionsEnded = true
            } else {
                try parseOption(token, in: tokens, next: &index, of: command, path: path, into: &result)
            }
        }
        try Self.checkArgumentCount(result.positionals, of: command, path: path)
        return result
    }

    /// Reads the option `token` (`--name` or `--name=value`) into `result`; a value not given inline is
    /// `tokens[next]`, and `next` moves past it.
    private func parseOption(
        _ token: String, in tokens: [String], next index: inout Int, of command: Command, path: [String],
        into result: inout ParsedArguments
    ) throws(UsageError) {
        guard token.hasPrefix("--") else {
            throw UsageError("unknown option '\(token)' (options are spelled '--name')", commandPath: path)
        }
        let body = token.dropFirst(2)
        let name: String
        var inlineValue: String?
        if let equals = body.firstIndex(of: "=") {
            name = String(body[..<equals])
            inlineValue = String(body[body.index(after: equals)...])
        } else {
            name = String(body)
        }
        guard let option = command.option(named: name) else {
            throw UsageError(
                Self.unknown(
                    "option", "--\(name)", among: (command.options.map(\.name) + ["help"]).map { "--\($0)" }),
                commandPath: path)
        }
        switch option.arity {
        case .flag:
            if inlineValue != nil {
                throw UsageError("option '--\(name)' takes no value", commandPath: path)
            }
            result.options[name, default: []].append("")
        case .single, .repeated:
            let value: String
            if let inlineValue {
                value = inlineValue
            } else if index < tokens.count, !tokens[index].hasPrefix("--") {
                value = tokens[index]
                index += 1
            } else {
                throw UsageError("option '--\(name)' needs a value (\(option.valueName))", commandPath: path)
            }
            try Self.check(value, of: option, named: name, path: path)
            result.options[name, default: []].append(value)
        }
    }

    /// Throws when `value` is not one of the option's choices or not a number its format takes.
    private static func check(_ value: String, of option: CommandOption, named name: String, path: [String])
        throws(UsageError)
    {
        if !option.choices.isEmpty, !option.choices.contains(value) {
            throw UsageError(
                "invalid value '\(value)' for '--\(name)'; expected one of: "
                    + option.choices.joined(separator: ", "),
                commandPath: path)
        }
        if let number = option.number, number.parse(value) == nil {
            throw UsageError(number.rejection(of: value, for: "--\(name)"), commandPath: path)
        }
    }

    /// Throws when there are more positional arguments than the command takes, or fewer than it needs.
    private static func checkArgumentCount(_ positionals: [String], of command: Command, path: [String])
        throws(UsageError)
    {
        if let maximum = command.maximumArgumentCount, positionals.count > maximum {
            let extra = positionals[maximum]
            let allowed =
                maximum == 0
                ? "takes no arguments"
                : "takes at most \(maximum) argument\(maximum == 1 ? "" : "s")"
            throw UsageError(
                "unexpected argument '\(extra)': '\(path.joined(separator: " "))' \(allowed)", commandPath: path)
        }
        if positionals.count < command.minimumArgumentCount {
            let missing = command.arguments.filter { !$0.isOptional }[positionals.count]
            throw UsageError("missing argument \(missing.name)", commandPath: path)
        }
    }

    /// `unknown <what> '<name>'`, with the nearest known name when it is close.
    static func unknown(_ what: String, _ name: String, among known: [String]) -> String {
        var message = "unknown \(what) '\(name)'"
        if let nearest = EditDistance.nearest(to: name, among: known) {
            message += "; did you mean '\(nearest)'?"
        }
        return message
    }
}
