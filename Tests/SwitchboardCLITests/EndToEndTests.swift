import SwitchboardTestSupport
import Testing

/// Runs the built binary, as a user or CI would.
@Suite struct EndToEndTests {
    @Test func helpExitsZero() async throws {
        let switchboard = try #require(SwitchboardProcess.locate())
        let result = try await switchboard.run(["--help"])
        #expect(result.exitCode == 0)
        #expect(result.stdout.contains("USAGE: switchboard <command>"))
        #expect(result.stdout.contains("validate"))
        #expect(result.stderr.isEmpty)
    }

    @Test func unknownCommandExits64() async throws {
        let switchboard = try #require(SwitchboardProcess.locate())
        let result = try await switchboard.run(["frobnicate"])
        #expect(result.exitCode == 64)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "error: unknown command 'frobnicate'\nsee 'switchboard help'\n")
    }

    @Test func validateWithUnknownFormatExits64() async throws {
        let switchboard = try #require(SwitchboardProcess.locate())
        let result = try await switchboard.run(["validate", "--format", "xml"])
        #expect(result.exitCode == 64)
        #expect(result.stderr.contains("invalid value 'xml' for '--format'"))
        #expect(result.stderr.contains("see 'switchboard help validate'"))
    }

    @Test func noArgumentsExits64WithUsageOnStandardError() async throws {
        let switchboard = try #require(SwitchboardProcess.locate())
        let result = try await switchboard.run([])
        #expect(result.exitCode == 64)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("USAGE:"))
    }

    @Test func versionPrintsVersionAndPlatform() async throws {
        let switchboard = try #require(SwitchboardProcess.locate())
        let result = try await switchboard.run(["version"])
        #expect(result.exitCode == 0)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "switchboard 0.1.0")
        #expect(lines.count == 2 && lines[1].hasPrefix("swift 6."))
    }

    @Test func outputThroughAPipeIsNeverColored() async throws {
        let switchboard = try #require(SwitchboardProcess.locate())
        let result = try await switchboard.run(
            ["validate", "--format", "xml"], environment: ["TERM": "xterm-256color"])
        #expect(!result.stderr.contains("\u{1B}["))
    }
}
