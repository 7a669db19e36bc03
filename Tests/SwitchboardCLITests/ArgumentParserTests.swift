import Testing

@testable import SwitchboardCLI

/// A registry shaped like the real one, with nested subcommands and every option arity.
private let registry: [Command] = [
    Command(
        name: "apply", summary: "Apply.",
        arguments: [CommandArgument("DIR", help: "dir", isOptional: true)],
        options: [
            .flag("auto-approve", help: "no prompt"),
            .value("parallelism", valueName: "N", help: "parallel"),
            .repeated("verification-code", valueName: "ADDR=CODE", help: "codes"),
            .format(["text", "json"]),
        ],
        run: { _ in 0 }),
    Command(
        name: "state", summary: "State.",
        subcommands: [
            Command(name: "list", summary: "List.", run: { _ in 0 }),
            Command(
                name: "show", summary: "Show.", arguments: [CommandArgument("ADDR", help: "address")],
                run: { _ in 0 }),
        ]),
    Command(
        name: "sandbox", summary: "Sandbox.",
        subcommands: [
            Command(
                name: "outbox", summary: "Outbox.",
                arguments: [CommandArgument("NUMBER", help: "n", isOptional: true, isRepeated: true)],
                run: { _ in 0 })
        ]),
]

@Suite struct ArgumentParserTests {
    let parser = ArgumentParser(commands: registry)

    struct Accepted: Sendable, CustomTestStringConvertible {
        var line: [String]
        var outcome: ParseOutcome
        var testDescription: String { line.joined(separator: " ") }
    }

    static let accepted: [Accepted] = [
        Accepted(line: ["apply"], outcome: .run(commandPath: ["apply"], arguments: ParsedArguments())),
        Accepted(
            line: ["apply", "manifests", "--auto-approve"],
            outcome: .run(
                commandPath: ["apply"],
                arguments: ParsedArguments(positionals: ["manifests"], options: ["auto-approve": [""]]))),
        Accepted(
            line: ["apply", "--parallelism", "8"],
            outcome: .run(commandPath: ["apply"], arguments: ParsedArguments(options: ["parallelism": ["8"]]))),
        Accepted(
            line: ["apply", "--parallelism=8"],
            outcome: .run(commandPath: ["apply"], arguments: ParsedArguments(options: ["parallelism": ["8"]]))),
        Accepted(
            line: ["apply", "--verification-code", "Integration/a=1", "--verification-code=Integration/b=2"],
            outcome: .run(
                commandPath: ["apply"],
                arguments: ParsedArguments(options: ["verification-code": ["Integration/a=1", "Integration/b=2"]]))),
        Accepted(
            line: ["apply", "--", "--auto-approve"],
            outcome: .run(commandPath: ["apply"], arguments: ParsedArguments(positionals: ["--auto-approve"]))),
        Accepted(
            line: ["apply", "-"],
            outcome: .run(commandPath: ["apply"], arguments: ParsedArguments(positionals: ["-"]))),
        Accepted(
            line: ["apply", "--format=json", "--format", "text"],
            outcome: .run(commandPath: ["apply"], arguments: ParsedArguments(options: ["format": ["json", "text"]]))),
        Accepted(
            line: ["state", "list"], outcome: .run(commandPath: ["state", "list"], arguments: ParsedArguments())),
        Accepted(
            line: ["state", "show", "Number/a"],
            outcome: .run(commandPath: ["state", "show"], arguments: ParsedArguments(positionals: ["Number/a"]))),
        Accepted(
            line: ["sandbox", "outbox", "+1", "+2", "+3"],
            outcome: .run(
                commandPath: ["sandbox", "outbox"], arguments: ParsedArguments(positionals: ["+1", "+2", "+3"]))),
        Accepted(line: ["--help"], outcome: .help(commandPath: [])),
        Accepted(line: ["-h"], outcome: .help(commandPath: [])),
        Accepted(line: ["--version"], outcome: .version),
        Accepted(line: ["apply", "--help"], outcome: .help(commandPath: ["apply"])),
        Accepted(line: ["apply", "--frobnicate", "--help"], outcome: .help(commandPath: ["apply"])),
        Accepted(line: ["state", "show", "-h"], outcome: .help(commandPath: ["state", "show"])),
        Accepted(line: ["state", "--help"], outcome: .help(commandPath: ["state"])),
    ]

    @Test(arguments: accepted)
    func accepts(_ example: Accepted) throws {
        #expect(try parser.parse(example.line) == example.outcome)
    }

    struct Rejected: Sendable, CustomTestStringConvertible {
        var line: [String]
        /// A fragment the message must contain.
        var message: String
        var helpPath: [String]
        var testDescription: String { line.joined(separator: " ") }
    }

    static let rejected: [Rejected] = [
        Rejected(line: [], message: "no command", helpPath: []),
        Rejected(line: ["frobnicate"], message: "unknown command 'frobnicate'", helpPath: []),
        Rejected(line: ["aply"], message: "did you mean 'apply'?", helpPath: []),
        Rejected(line: ["--frob"], message: "unknown option '--frob'", helpPath: []),
        Rejected(line: ["apply", "--frob"], message: "unknown option '--frob'", helpPath: ["apply"]),
        Rejected(line: ["apply", "--auto-aprove"], message: "did you mean '--auto-approve'?", helpPath: ["apply"]),
        Rejected(line: ["apply", "-x"], message: "unknown option '-x'", helpPath: ["apply"]),
        Rejected(line: ["apply", "--parallelism"], message: "'--parallelism' needs a value", helpPath: ["apply"]),
        Rejected(
            line: ["apply", "--parallelism", "--auto-approve"], message: "'--parallelism' needs a value",
            helpPath: ["apply"]),
        Rejected(line: ["apply", "--auto-approve=yes"], message: "takes no value", helpPath: ["apply"]),
        Rejected(
            line: ["apply", "--format", "xml"], message: "invalid value 'xml' for '--format'", helpPath: ["apply"]),
        Rejected(line: ["apply", "a", "b"], message: "unexpected argument 'b'", helpPath: ["apply"]),
        Rejected(line: ["state"], message: "needs a subcommand", helpPath: ["state"]),
        Rejected(
            line: ["state", "lst"], message: "unknown command 'state lst'; did you mean 'state list'?",
            helpPath: ["state"]),
        Rejected(
            line: ["state", "list", "extra"], message: "unexpected argument 'extra'", helpPath: ["state", "list"]),
        Rejected(line: ["state", "show"], message: "missing argument ADDR", helpPath: ["state", "show"]),
    ]

    @Test(arguments: rejected)
    func rejects(_ example: Rejected) {
        #expect {
            try parser.parse(example.line)
        } throws: { error in
            guard let usage = error as? UsageError else { return false }
            return usage.message.contains(example.message) && usage.commandPath == example.helpPath
        }
    }

    @Test func usageErrorsExit64AndPointAtHelp() async {
        let console = Console.capturing()
        let code = await SwitchboardCLI.run(
            ["apply", "--frob"], environment: [:], console: console, commands: registry)
        #expect(code == 64)
        #expect(console.capturedOutput.isEmpty)
        #expect(console.capturedError == "error: unknown option '--frob'\nsee 'switchboard help apply'\n")
    }

    @Test func noArgumentsPrintsUsageOnStandardError() async {
        let console = Console.capturing()
        let code = await SwitchboardCLI.run([], environment: [:], console: console)
        #expect(code == 64)
        #expect(console.capturedOutput.isEmpty)
        #expect(console.capturedError.contains("USAGE: switchboard <command>"))
    }

    @Test(arguments: [["--help"], ["-h"], ["help"], ["help", "validate"], ["validate", "--help"], ["help", "help"]])
    func helpPrintsUsageAndExitsZero(_ line: [String]) async {
        let console = Console.capturing()
        let code = await SwitchboardCLI.run(line, environment: [:], console: console)
        #expect(code == 0)
        #expect(console.capturedOutput.contains("USAGE: switchboard"))
        #expect(console.capturedError.isEmpty)
    }

    @Test func commandHelpListsOptionsArgumentsAndSubcommands() async {
        let console = Console.capturing()
        #expect(
            await SwitchboardCLI.run(["help", "apply"], environment: [:], console: console, commands: registry) == 0)
        let help = console.capturedOutput
        #expect(help.contains("--verification-code ADDR=CODE"))
        #expect(help.contains("(repeatable)"))
        #expect(help.contains("--format FORMAT"))
        #expect(help.contains("(default: text)"))
        #expect(help.contains("DIR"))

        let group = Console.capturing()
        #expect(
            await SwitchboardCLI.run(["state", "--help"], environment: [:], console: group, commands: registry) == 0)
        #expect(group.capturedOutput.contains("SUBCOMMANDS:"))
        #expect(group.capturedOutput.contains("  list"))
        #expect(group.capturedOutput.contains("switchboard help state <subcommand>"))
    }

    @Test func helpForUnknownCommandIsAUsageError() async {
        let console = Console.capturing()
        #expect(await SwitchboardCLI.run(["help", "frobnicate"], environment: [:], console: console) == 64)
        #expect(console.capturedError.contains("unknown command 'frobnicate'"))
    }

    @Test func commandsReceiveTheirArgumentsAndThrownErrorsMapToExitCodes() async {
        let commands = [
            Command(
                name: "echo", summary: "Echo.",
                arguments: [CommandArgument("WORD", help: "w", isOptional: true, isRepeated: true)],
                run: { invocation in
                    invocation.console.out(invocation.arguments.positionals.joined(separator: " "))
                    return 0
                }),
            Command(
                name: "usage", summary: "U.", run: { invocation in throw invocation.usageError("bad combination") }),
            Command(name: "fail", summary: "F.", run: { _ in throw CommandFailure("stale plan", exitCode: 1) }),
        ]
        let echo = Console.capturing()
        #expect(await SwitchboardCLI.run(["echo", "a", "b"], environment: [:], console: echo, commands: commands) == 0)
        #expect(echo.capturedOutput == "a b\n")

        let usage = Console.capturing()
        #expect(await SwitchboardCLI.run(["usage"], environment: [:], console: usage, commands: commands) == 64)
        #expect(usage.capturedError == "error: bad combination\nsee 'switchboard help usage'\n")

        let fail = Console.capturing()
        #expect(await SwitchboardCLI.run(["fail"], environment: [:], console: fail, commands: commands) == 1)
        #expect(fail.capturedError == "error: stale plan\n")
    }

    @Test func versionPrintsTheVersionConstant() async {
        for line in [["version"], ["--version"]] {
            let console = Console.capturing()
            #expect(await SwitchboardCLI.run(line, environment: [:], console: console) == 0)
            #expect(console.capturedOutput.hasPrefix("switchboard \(SwitchboardVersion.current)\nswift "))
        }
    }
}
