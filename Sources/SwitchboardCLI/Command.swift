/// A command declared as data: its name, help text, options, arguments and what it runs.
///
/// Add a command by declaring `extension Command { static let plan = Command(...) }` in its own file under
/// `Commands/` and listing it in `SwitchboardCLI.commands`.
public struct Command: Sendable {
    /// The word that selects the command (`validate`, `list` under `state`).
    public var name: String
    /// One line for the command list (`Checks manifests and reports every problem.`).
    public var summary: String
    /// What follows the command path in the usage line (`[DIR] [--format text|json]`).
    public var usage: String
    /// Longer help printed under the usage line, or nil.
    public var discussion: String?
    /// Positional arguments, in order.
    public var arguments: [CommandArgument]
    /// Long options (`--format`); `--help` is added to every command automatically.
    public var options: [CommandOption]
    /// Nested commands (`state list`); a command with subcommands and no `run` is a group.
    public var subcommands: [Command]
    /// Hidden commands work but are left out of command lists.
    public var isHidden: Bool
    /// The work: returns the exit code. Throwing `UsageError` exits 64, `CommandFailure` its own code, anything
    /// else 1 (the error's description is printed after `error:`).
    public var run: (@Sendable (Invocation) async throws -> Int32)?

    /// Creates a command.
    public init(
        name: String, summary: String, usage: String = "", discussion: String? = nil,
        arguments: [CommandArgument] = [], options: [CommandOption] = [], subcommands: [Command] = [],
        isHidden: Bool = false, run: (@Sendable (Invocation) async throws -> Int32)? = nil
    ) {
        self.name = name
        self.summary = summary
        self.usage = usage
        self.discussion = discussion
        self.arguments = arguments
        self.options = options
        self.subcommands = subcommands
        self.isHidden = isHidden
        self.run = run
    }

    /// The option named `name` (without dashes), if declared.
    public func option(named name: String) -> CommandOption? {
        options.first { $0.name == name }
    }

    /// The subcommand named `name`, if declared.
    public func subcommand(named name: String) -> Command? {
        subcommands.first { $0.name == name }
    }

    /// How many positional arguments the command accepts at most (nil: unbounded).
    public var maximumArgumentCount: Int? {
        arguments.contains { $0.isRepeated } ? nil : arguments.count
    }

    /// How many positional arguments the command needs at least.
    public var minimumArgumentCount: Int {
        arguments.filter { !$0.isOptional }.count
    }
}

/// A long option of a command.
public struct CommandOption: Sendable, Hashable {
    /// How many values an option takes.
    public enum Arity: Sendable, Hashable {
        /// `--auto-approve`: present or not.
        case flag
        /// `--format json` or `--format=json`; given twice, the last one wins.
        case single
        /// `--verification-code A=1 --verification-code B=2`: every value is kept, in order.
        case repeated
    }

    /// The name without dashes (`format`).
    public var name: String
    public var arity: Arity
    /// The placeholder in help (`FORMAT`, `ADDR=CODE`).
    public var valueName: String
    /// When not empty, the only values the parser accepts (anything else is a usage error).
    public var choices: [String]
    /// When set, the value must be such a number (anything else is a usage error, found by the parser).
    public var number: NumberFormat?
    /// Shown in help as `(default: ...)`; the command applies it itself.
    public var defaultValue: String?
    public var help: String

    /// Creates an option.
    public init(
        _ name: String, arity: Arity = .flag, valueName: String = "VALUE", choices: [String] = [],
        number: NumberFormat? = nil, defaultValue: String? = nil, help: String
    ) {
        self.name = name
        self.arity = arity
        self.valueName = valueName
        self.choices = choices
        self.number = number
        self.defaultValue = defaultValue
        self.help = help
    }

    /// A flag (`--refresh`).
    public static func flag(_ name: String, help: String) -> CommandOption {
        CommandOption(name, arity: .flag, help: help)
    }

    /// An option with one value (`--out PLAN`).
    public static func value(
        _ name: String, valueName: String, choices: [String] = [], defaultValue: String? = nil, help: String
    ) -> CommandOption {
        CommandOption(
            name, arity: .single, valueName: valueName, choices: choices, defaultValue: defaultValue, help: help)
    }

    /// An option with one numeric value (`--parallelism N`); read it with `Invocation.number(_:)`.
    public static func number(
        _ name: String, valueName: String, format: NumberFormat, defaultValue: String? = nil, help: String
    ) -> CommandOption {
        CommandOption(
            name, arity: .single, valueName: valueName, number: format, defaultValue: defaultValue, help: help)
    }

    /// An option that may be given many times (`--verification-code ADDR=CODE`).
    public static func repeated(_ name: String, valueName: String, help: String) -> CommandOption {
        CommandOption(name, arity: .repeated, valueName: valueName, help: help)
    }

    /// The `--format` option with the given choices, defaulting to the first.
    public static func format(_ choices: [String]) -> CommandOption {
        .value(
            "format", valueName: "FORMAT", choices: choices, defaultValue: choices.first,
            help: "Output format: \(choices.joined(separator: ", ")).")
    }
}

/// A positional argument of a command.
public struct CommandArgument: Sendable, Hashable {
    /// The placeholder (`DIR`, `ADDR`).
    public var name: String
    public var help: String
    public var isOptional: Bool
    /// True for the last argument when it may be given many times.
    public var isRepeated: Bool

    /// Creates an argument.
    public init(_ name: String, help: String, isOptional: Bool = false, isRepeated: Bool = false) {
        self.name = name
        self.help = help
        self.isOptional = isOptional
        self.isRepeated = isRepeated
    }
}

/// What a command receives: its parsed arguments and the world it runs in.
public struct Invocation: Sendable {
    /// The command words (`["state", "list"]`).
    public var commandPath: [String]
    public var arguments: ParsedArguments
    public var environment: [String: String]
    public var console: Console
    /// The whole registry (the `help` command lists it).
    public var commands: [Command]

    /// Creates an invocation.
    public init(
        commandPath: [String], arguments: ParsedArguments, environment: [String: String], console: Console,
        commands: [Command]
    ) {
        self.commandPath = commandPath
        self.arguments = arguments
        self.environment = environment
        self.console = console
        self.commands = commands
    }

    /// A `UsageError` for this command (throw it to exit 64 with `see 'switchboard help <cmd>'`).
    public func usageError(_ message: String) -> UsageError {
        UsageError(message, commandPath: commandPath)
    }
}

/// What the parser found after the command words.
public struct ParsedArguments: Sendable, Hashable {
    /// Positional arguments in order (everything after `--` included).
    public var positionals: [String]
    /// Values of options by name, in the order given; a flag maps to one empty string per occurrence.
    public var options: [String: [String]]

    /// Creates parsed arguments.
    public init(positionals: [String] = [], options: [String: [String]] = [:]) {
        self.positionals = positionals
        self.options = options
    }

    /// True when the flag `name` was given.
    public func flag(_ name: String) -> Bool { options[name] != nil }

    /// The last value of option `name`, or nil.
    public func value(_ name: String) -> String? { options[name]?.last }

    /// Every value of option `name`, in order.
    public func values(_ name: String) -> [String] { options[name] ?? [] }

    /// The positional argument at `index`, or nil.
    public func positional(_ index: Int) -> String? {
        positionals.indices.contains(index) ? positionals[index] : nil
    }
}

/// A mistake in how the command line was written; the CLI prints it with a pointer to help and exits 64.
public struct UsageError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong (`unknown option '--frob'`).
    public var message: String
    /// The command whose help the user should read (empty: the top level).
    public var commandPath: [String]

    /// Creates a usage error.
    public init(_ message: String, commandPath: [String] = []) {
        self.message = message
        self.commandPath = commandPath
    }

    /// The `see 'switchboard help <cmd>'` line.
    public var helpPointer: String {
        commandPath.isEmpty ? "see 'switchboard help'" : "see 'switchboard help \(commandPath.joined(separator: " "))'"
    }

    public var description: String { message }
}

/// A command failure with a message and an exit code (1 unless stated).
public struct CommandFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// Printed after `error: `.
    public var message: String
    public var exitCode: Int32

    /// Creates a failure.
    public init(_ message: String, exitCode: Int32 = ExitCode.failure) {
        self.message = message
        self.exitCode = exitCode
    }

    public var description: String { message }
}

/// The exit codes of DESIGN.md section 5.3.
public enum ExitCode {
    /// Success (and, with `--detailed-exitcode`, no changes).
    public static let success: Int32 = 0
    /// An error, or invalid manifests.
    public static let failure: Int32 = 1
    /// Success with changes (`--detailed-exitcode`), or drift found.
    public static let changes: Int32 = 2
    /// The command line was wrong (BSD `EX_USAGE`).
    public static let usage: Int32 = 64
}
