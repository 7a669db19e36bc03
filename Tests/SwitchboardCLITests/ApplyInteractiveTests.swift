import Foundation
import SwitchboardTestSupport
import Testing
@testable import SwitchboardCLI

/// Interactive acceptance on a terminal: typing the integration's name accepts its billing and irreversible
/// findings; anything else changes nothing.
@Suite struct ApplyInteractiveTests {
    static let manifest = """
        apiVersion: switchboard/v1
        kind: Integration
        metadata: {name: support-wa}
        spec:
          type: whatsapp
          phoneNumber: "+14155550100"
          onboarding:
            embeddedSignupToken: {secretEnv: META_SIGNUP_TOKEN}
            pin: {secretEnv: WHATSAPP_PIN}

        """

    func workspace() throws -> TemporaryDirectory {
        let dir = try TemporaryDirectory("interactive")
        try dir.write("wa.yaml", Self.manifest)
        return dir
    }

    let environment = [
        "META_SIGNUP_TOKEN": "token-value-123", "WHATSAPP_PIN": "123456", "SWITCHBOARD_SANDBOX_SPEED": "instant",
    ]

    @Test func typingTheNameAcceptsAndAppliesAfterConfirmation() async throws {
        let scratch = try workspace()
        let dir = scratch.path
        let console = Console.capturing(input: ["support-wa", "support-wa", "yes"], stdinIsTerminal: true)
        let code = await SwitchboardCLI.run(["apply", dir], environment: environment, console: console)
        #expect(code == 0, "\(console.capturedError)")
        #expect(console.capturedError.contains("Type the name 'support-wa'"))
        #expect(console.capturedOutput.contains("Apply complete: 1 created"))
        let state = try String(contentsOfFile: dir + "/.switchboard/state.json", encoding: .utf8)
        #expect(state.contains("Integration/support-wa"))
        let history = try String(contentsOfFile: dir + "/.switchboard/history.jsonl", encoding: .utf8)
        #expect(history.contains("\"result\":\"succeeded\""))
    }

    @Test func aWrongNameChangesNothing() async throws {
        let scratch = try workspace()
        let dir = scratch.path
        let console = Console.capturing(input: ["support"], stdinIsTerminal: true)
        let code = await SwitchboardCLI.run(["apply", dir], environment: environment, console: console)
        #expect(code == 1)
        #expect(console.capturedError.contains("not accepted; nothing was changed"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/.switchboard/state.json"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/.switchboard/sandbox.json"))
        let history = try String(contentsOfFile: dir + "/.switchboard/history.jsonl", encoding: .utf8)
        #expect(history.contains("\"result\":\"refused\""))
    }

    @Test func withoutATerminalTheFlagsAreRequired() async throws {
        let scratch = try workspace()
        let dir = scratch.path
        let console = Console.capturing()
        let code = await SwitchboardCLI.run(["apply", dir, "--auto-approve"], environment: environment, console: console)
        #expect(code == 1)
        #expect(console.capturedError.contains("--accept-billing --accept-irreversible"))
        let ok = Console.capturing()
        let code2 = await SwitchboardCLI.run(
            ["apply", dir, "--auto-approve", "--accept-billing", "--accept-irreversible"], environment: environment,
            console: ok)
        #expect(code2 == 0, "\(ok.capturedError)")
        #expect(!ok.capturedOutput.contains("token-value-123") && !ok.capturedError.contains("token-value-123"))
    }
}
