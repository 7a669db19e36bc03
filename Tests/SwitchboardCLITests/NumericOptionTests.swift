import Foundation
import SwitchboardTestSupport
import Testing

@testable import SwitchboardCLI

/// Every count and duration of the command line is parsed strictly: a value out of range, not finite, or too large
/// for what it becomes is a usage error (exit 64), never a trap (issue 15, point 4).
@Suite struct NumericOptionTests {
    /// One numeric option of one command of the real registry.
    struct NumericOption: Sendable, CustomTestStringConvertible {
        var path: [String]
        var option: CommandOption
        var testDescription: String { "\(path.joined(separator: " ")) --\(option.name)" }
    }

    /// Every option of every command (at any depth) that declares a number format.
    static let numericOptions: [NumericOption] = {
        var found: [NumericOption] = []
        func walk(_ command: Command, _ path: [String]) {
            for option in command.options where option.number != nil {
                found.append(NumericOption(path: path, option: option))
            }
            for sub in command.subcommands { walk(sub, path + [sub.name]) }
        }
        for command in SwitchboardCLI.commands { walk(command, [command.name]) }
        return found
    }()

    /// Values no count or duration accepts: not finite, in exponent or hexadecimal form, negative, past any range,
    /// past `Int64` (and past the nanoseconds of a `Duration`), empty, padded, or not a number at all.
    static let hostileValues = [
        "inf", "-inf", "infinity", "nan", "NaN", "1e16", "1E3", "0x10", "-1", "-0.5", "+1", "99999999999999999999",
        "9223372036854775807", "18446744073709551616", "1" + String(repeating: "0", count: 400), "", " 1", "1 ",
        "1..2", ".", "ten", "1,5", "٣",
    ]

    @Test func theNumericOptionsAreTheOnesDocumented() {
        let names = Set(Self.numericOptions.map(\.testDescription))
        #expect(
            names == [
                "apply --parallelism", "apply --lock-timeout", "state rm --lock-timeout",
                "state unprotect --lock-timeout", "state push --lock-timeout", "state pull --lock-timeout",
                "sandbox serve --port", "sandbox serve --latency", "sandbox serve --fault-rate",
                "sandbox serve --rate-limit",
            ])
    }

    @Test func everyOptionWithANumericPlaceholderDeclaresItsFormat() {
        // A new option spelled like a count or a duration must say its range, or it would escape the tests below.
        let numericPlaceholders: Set<String> = ["N", "SECONDS", "MS", "P", "RPM", "DURATION", "COUNT"]
        func walk(_ command: Command, _ path: [String]) {
            for option in command.options where numericPlaceholders.contains(option.valueName) {
                #expect(option.number != nil, "\(path.joined(separator: " ")) --\(option.name) has no number format")
            }
            for sub in command.subcommands { walk(sub, path + [sub.name]) }
        }
        for command in SwitchboardCLI.commands { walk(command, [command.name]) }
    }

    @Test(arguments: numericOptions, hostileValues)
    func aHostileValueIsAUsageError(_ numeric: NumericOption, _ value: String) async throws {
        let scratch = try TemporaryDirectory("numeric-option")
        let console = Console.capturing()
        // `--name=value`, so a value that starts with a dash is not taken for an option; the directory is empty, so a
        // value that got through would fail later with exit 1, not 64.
        let line = numeric.path + ["--\(numeric.option.name)=\(value)"] + directoryArguments(numeric, scratch.path)
        let code = await SwitchboardCLI.run(line, environment: ["NO_COLOR": "1"], console: console)
        #expect(code == 64, "\(line): \(console.capturedError)")
        #expect(console.capturedError.contains("--\(numeric.option.name) takes "))
        #expect(console.capturedError.contains("see 'switchboard help \(numeric.path.joined(separator: " "))'"))
        #expect(console.capturedOutput.isEmpty)
    }

    @Test(arguments: numericOptions)
    func aValueAfterASpaceIsCheckedTheSameWay(_ numeric: NumericOption) async throws {
        let scratch = try TemporaryDirectory("numeric-option")
        for value in ["-1", "inf", "1e16"] {
            let console = Console.capturing()
            let line = numeric.path + ["--\(numeric.option.name)", value] + directoryArguments(numeric, scratch.path)
            #expect(await SwitchboardCLI.run(line, environment: [:], console: console) == 64, "\(line)")
        }
    }

    @Test(arguments: numericOptions)
    func theBoundsAreAcceptedAndJustPastThemIsNot(_ numeric: NumericOption) throws {
        let format = try #require(numeric.option.number)
        let parser = ArgumentParser(commands: SwitchboardCLI.commands)
        let low = Self.text(format.minimum)
        let high = Self.text(format.maximum)
        for value in [low, high] {
            let outcome = try parser.parse(
                numeric.path + ["--\(numeric.option.name)", value] + directoryArguments(numeric, "dir"))
            guard case .run(_, let arguments) = outcome else {
                Issue.record("\(value) was not accepted")
                continue
            }
            #expect(arguments.value(numeric.option.name) == value)
        }
        let step = format.isWhole ? 1 : 0.001
        for value in [format.maximum + step, format.minimum - step].map(Self.text) {
            #expect(throws: UsageError.self, "\(value)") {
                try parser.parse(
                    numeric.path + ["--\(numeric.option.name)", value] + directoryArguments(numeric, "dir"))
            }
        }
        #expect(
            HelpRenderer.help(for: numeric.path, commands: SwitchboardCLI.commands)?.contains(format.bounds) == true)
    }

    @Test func theLongestLockTimeoutReachesTheLockWithoutATrap() async throws {
        let scratch = try TemporaryDirectory("numeric-option")
        let console = Console.capturing()
        let code = await SwitchboardCLI.run(
            ["state", "rm", "Number/absent", "--dir", scratch.path, "--lock-timeout", "86400s"], environment: [:],
            console: console)
        // The lock is free, so the wait ends at once; the address is not in (empty) state.
        #expect(code == 1, "\(console.capturedError)")
        #expect(!console.capturedError.contains("takes"))
    }

    @Test(arguments: [
        ("30", 30.0), ("2.5", 2.5), ("300s", 300), ("0", 0), (".5", 0.5), ("007", 7), ("86400.0", 86_400),
    ])
    func secondsAreDigitsWithAnOptionalFractionAndUnit(_ text: String, _ seconds: Double) {
        #expect(CommandOption.lockTimeout.number?.parse(text) == seconds)
    }

    @Test func wholeNumbersTakeNoFraction() {
        let format = NumberFormat.whole("a whole number", 1...256)
        #expect(format.parse("8") == 8)
        #expect(format.parse("8.0") == nil)
        #expect(format.parse("8s") == nil)
        #expect(
            format.rejection(of: "0", for: "--parallelism")
                == "--parallelism takes a whole number from 1 to 256, not '0'")
    }

    /// What a command needs besides the option so that nothing but the option can be wrong: an address and an empty
    /// directory for `state rm`, a file for `state push`, a served directory for `sandbox serve`.
    func directoryArguments(_ numeric: NumericOption, _ directory: String) -> [String] {
        switch numeric.path {
        case ["apply"]: [directory]
        case ["state", "rm"], ["state", "unprotect"]: ["Number/absent", "--dir", directory]
        case ["state", "push"], ["state", "pull"]: [directory + "/state.json", "--dir", directory]
        case ["sandbox", "serve"]: ["--dir", directory]
        default: []
        }
    }

    /// `8` for a whole value, else the shortest decimal form (`0.5`).
    static func text(_ value: Double) -> String {
        value == value.rounded() ? String(Int64(value)) : String(value)
    }
}
