import Foundation
import SwitchboardTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// End to end through the binary: `switchboard sandbox serve` on loopback as a live Dynamics 365 environment (Entra
/// ID's token endpoint and the Dataverse Web API), with injected faults and a tight service-protection limit.
@Suite(.serialized) struct DynamicsEmulatorEndToEndTests {
    static let resources = """
        apiVersion: switchboard/v1
        kind: Integration
        metadata: {name: twilio-whatsapp}
        spec:
          type: twilio-whatsapp
          accountSid: ACfedcba9876543210fedcba9876543210
          authToken: {secretEnv: TWILIO_AUTH_TOKEN}
        ---
        apiVersion: switchboard/v1
        kind: Number
        metadata: {name: us-whatsapp}
        spec: {integration: twilio-whatsapp, type: whatsapp, phoneNumber: "+14155550160", country: US}
        ---
        apiVersion: switchboard/v1
        kind: Number
        metadata: {name: us-whatsapp-2}
        spec: {integration: twilio-whatsapp, type: whatsapp, phoneNumber: "+14155550162", country: US}
        ---
        apiVersion: switchboard/v1
        kind: Template
        metadata: {name: order-shipped}
        spec:
          channel: whatsapp
          category: utility
          defaultLanguage: en_US
          localizations:
            en_US: "Your order {{1}} has shipped."
            es_MX: "Tu pedido {{1}} fue enviado."
        ---
        apiVersion: switchboard/v1
        kind: Workstream
        metadata: {name: support}
        spec:
          channel: whatsapp
          numbers: [us-whatsapp, us-whatsapp-2]
          language: en-US
          fileAttachments: {customer: true, agent: false}
          templates: [order-shipped]

        """

    static func project(_ endpoint: String) -> String {
        """
        apiVersion: switchboard/v1
        kind: Project
        metadata: {name: dynamics-e2e}
        spec:
          platforms:
            dynamics:
              type: dynamics-365
              endpoint: \(endpoint)
              organizationUrl: https://contoso.crm4.dynamics.com
              tenantId: 0f1e2d3c
              clientId: ci
              clientSecret: {secretEnv: GC_CLIENT_SECRET}

        """
    }

    @Test func convergesThroughFaultsAndAServiceProtectionStormAndReportsDrift() async throws {
        guard let sb = SwitchboardProcess.locate() else { return }
        let base = EmulatorEndToEndTests()
        let secrets = EmulatorEndToEndTests.Secrets()
        let env = ["SWITCHBOARD_EMULATOR_DATAVERSE_LIMIT": "25/2", "SWITCHBOARD_EMULATOR_SEED": "7"]
        guard let emulator = try await base.serve(sb, secrets, extra: ["--fault-rate", "0.2"], env: env) else { return }
        defer { emulator.scratch.remove() }
        let dir = try base.directory(
            emulator.root, "live", files: ["project.yaml": Self.project(emulator.endpoint), "resources.yaml": Self.resources])
        let run = secrets.environment
        var outputs: [SwitchboardProcess.Output] = []

        let applied = try await sb.run(["apply", "--auto-approve"], in: dir, environment: run)
        outputs.append(applied)
        #expect(applied.exitCode == 0, "\(applied.stdout)\n\(applied.stderr)")
        let plan = try await sb.run(["plan", "--refresh", "--detailed-exitcode"], in: dir, environment: run)
        outputs.append(plan)
        #expect(plan.exitCode == 0, "\(plan.stdout)\n\(plan.stderr)")

        // One row per object, none twice, whatever the faults did.
        let world = try base.json(emulator.served.appendingPathComponent(".switchboard/sandbox.json"))
        let org = try #require((world["dynamics"] as? [String: Any])?["dynamics"] as? [String: Any])
        func count(_ table: String) -> Int { (org[table] as? [String: Any])?.count ?? 0 }
        #expect(count("whatsAppAccounts") == 1 && count("whatsAppNumbers") == 2 && count("workstreams") == 1)
        #expect(count("systemMessages") == 1 && count("localizations") == 2)

        // A file-attachment flag changed in Dynamics shows as drift of the workstream that declares it.
        let (status, body, _) = try await base.http(
            "POST", emulator.endpoint + "/0f1e2d3c/oauth2/v2.0/token",
            headers: ["Content-Type": "application/x-www-form-urlencoded"],
            body: "grant_type=client_credentials&client_id=ci&client_secret=\(secrets.client)"
                + "&scope=https%3A%2F%2Fcontoso.crm4.dynamics.com%2F.default")
        #expect(status == 200)
        let token = try #require(body["access_token"] as? String)
        let number = try #require((org["whatsAppNumbers"] as? [String: Any])?.keys.first)
        var patched = 429
        for _ in 0..<20 where patched == 429 || patched >= 500 {
            (patched, _, _) = try await base.http(
                "PATCH", emulator.endpoint + "/api/data/v9.2/msdyn_ocwhatsappchannelnumbers(\(number))",
                headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json", "If-Match": "*"],
                body: #"{"msdyn_enablefileattachmentsforcustomers": false}"#)
            if patched == 429 { try await Task.sleep(nanoseconds: 500_000_000) }
        }
        #expect(patched == 204 || patched == 500)
        let drift = try await sb.run(["drift"], in: dir, environment: run)
        outputs.append(drift)
        #expect(drift.exitCode == 2, "\(drift.stdout)\n\(drift.stderr)")
        #expect(drift.stdout.contains("Workstream/support"))

        // No secret anywhere: outputs, state, history, the world, the emulator's own output.
        await emulator.child.interrupt()
        var texts = outputs.flatMap { [$0.stdout, $0.stderr] } + [emulator.child.stdout, emulator.child.stderr]
        for d in [dir, emulator.served] {
            let files = FileManager.default.enumerator(at: d, includingPropertiesForKeys: nil)?.allObjects as? [URL] ?? []
            for f in files { if let t = try? String(contentsOf: f, encoding: .utf8) { texts.append(t) } }
        }
        for secret in secrets.all + [token] {
            #expect(!texts.contains { $0.contains(secret) }, "a secret leaked")
        }
    }
}
