import Foundation
import PlatformKit
import Reconciler
import SwitchboardModel
import SwitchboardTestSupport
import Testing

@testable import GenesysCloud
@testable import Sandbox

/// `list(kind:)` on the Genesys Cloud adapter, and refresh by listing, through the emulator.
@Suite(.serialized) struct GenesysListingTests {
    @Test func aListingCarriesWhatAReadCarriesAndNamesEachObject() async throws {
        let harness = GenesysEmulatorTests()
        let h = try await harness.start()  // two objects a page: every listing pages
        defer { Task { await h.server.stop() } }
        let state = try await harness.applyAll(h.platform, store: h.backend.store)
        var listed: [Kind: [RemoteObject]] = [:]
        for kind in Kind.resourceKinds { listed[kind] = try await h.platform.list(kind: kind) }
        #expect(listed[.workstream]?.isEmpty == true)
        #expect(listed[.integration]?.count == 3)
        #expect(listed[.number]?.count == 2)
        for r in GenesysEmulatorTests.resources {
            let s = try #require(state[r.address])
            let read = try #require(try await h.platform.read(s))
            let objects = listed[r.kind] ?? []
            let object = try #require(
                objects.first { $0.remoteId == s.remoteId } ?? objects.first { $0.name == r.name }, "\(r.address)")
            #expect(object.status == read.status, "\(r.address)")
            // What the listing carries is what the read carries; the read adds only what state alone knows.
            for (key, value) in object.attributes { #expect(read.attributes[key] == value, "\(r.address) \(key)") }
            #expect(Set(read.attributes.keys).subtracting(object.attributes.keys).isSubset(of: Self.stateOnly), "\(r.address)")
            if r.kind != .number && r.integrationType != .agentlessEmail { #expect(object.name == r.name, "\(r.address)") }
        }
        let template = try #require(listed[.template]?.first)
        #expect(template.attributes["localizations"] == ["en_US": "Order {{1}} shipped.", "de_DE": "Bestellung {{1}} versandt."])
    }

    /// Attributes a read takes from state because the platform does not keep them (the onboarding form, a domain's
    /// sending settings, a template's category).
    static let stateOnly: Set<String> = [
        "onboarding", "fromAddress", "displayName", "rateLimitPerMinute", "enabled", "category", "defaultLanguage",
        "agentless", "country",
    ]

    @Test func refreshListsEachKindOnceAndFindsDrift() async throws {
        let f = try SandboxFixture()
        let emulator = try f.emulator
        var state = StateSnapshot(lineage: "listing")
        let profile = Resource(
            address: Address(.contentProfile, "media"), platform: "genesys",
            spec: .contentProfile(.init(inbound: ["image/png"], outbound: ["image/*"])))
        let p = try await f.genesys.create(PlatformRequest(resource: profile))
        state[profile.address] = Fx.state(profile, p)
        let integration = try await f.twilioSMS()
        let numbers = 120
        for i in 0..<numbers {
            let spec = NumberSpec(
                integration: "byo-twilio", type: .local, phoneNumber: "+1415555\(String(format: "%04d", 1000 + i))",
                country: "US", contentProfile: i % 3 == 0 ? "media" : nil)
            let o = try await f.importNumber("n\(i)", spec, integrationId: integration, contentProfileId: p.remoteId)
            state[Address(.number, "n\(i)")] = Fx.state(Fx.number("n\(i)", spec), o)
        }
        let templates = 40
        for i in 0..<templates {
            let r = Resource(
                address: Address(.template, "t\(i)"), platform: "genesys",
                spec: .template(.init(channel: .whatsapp, category: .utility, defaultLanguage: "en_US",
                    localizations: [.init(language: "en_US", text: "Hello \(i)"), .init(language: "de_DE", text: "Hallo \(i)")])))
            state[r.address] = Fx.state(r, try await f.genesys.create(PlatformRequest(resource: r)))
        }
        state[Address(.integration, "byo-twilio")] = try #require(
            try await f.genesys.list(kind: .integration).first.map {
                ResourceState(
                    kind: .integration, name: "byo-twilio", platform: "genesys", remoteId: $0.remoteId, status: $0.status,
                    attributes: $0.attributes)
            })

        // Someone deletes a number and edits a template at the vendor.
        let gone = try #require(state[Address(.number, "n7")])
        try await f.genesys.delete(gone)
        let t3 = try #require(state[Address(.template, "t3")])
        let edited = try #require(try await f.genesys.read(t3))
        let responseId = try #require(edited.outputs["responses"]?["de_DE"]?.stringValue)
        let path = "/api/v2/responsemanagement/responses/\(responseId)"
        var body = try #require(try await f.genesys.client.send("GET", path).objectValue)
        body["texts"] = [["content": "Servus 3", "contentType": "text/plain"]]
        try await f.genesys.client.send("PUT", path, body: .object(body))

        // A fresh adapter (a new command): nothing learnt yet.
        let platform = try SandboxFixture.adapter("genesys", f.sandbox)
        let before = await emulator.stats.requests
        let (refreshed, drift) = try await Refresher(platforms: ["genesys": platform]).refresh(state)
        let requests = await emulator.stats.requests - before
        let objects = state.resources.count
        // Listed, not read: a constant per kind and a request per page, never a request per object.
        #expect(requests <= 20 + objects / 50, "\(requests) requests for \(objects) objects")
        #expect(drift.map(\.address) == [Address(.number, "n7"), Address(.template, "t3")])
        #expect(drift.first?.kind == .missing)
        #expect(drift.last?.fields.map(\.path) == ["localizations.de_DE"])
        #expect(refreshed[Address(.number, "n7")] == nil)
        #expect(refreshed[Address(.template, "t3")]?.attributes["localizations"]?["de_DE"] == "Servus 3")
    }

    @Test func templatesCreatedAtOnceShareOneLibrary() async throws {
        let f = try SandboxFixture()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<6 {
                let r = Resource(
                    address: Address(.template, "t\(i)"), platform: "genesys",
                    spec: .template(.init(channel: .whatsapp, category: .utility, defaultLanguage: "en_US",
                        localizations: [.init(language: "en_US", text: "Hello \(i)")])))
                group.addTask { _ = try await f.genesys.create(PlatformRequest(resource: r)) }
            }
            try await group.waitForAll()
        }
        #expect(try await f.world().genesys["genesys"]?.libraries?.count == 1)
        #expect(try await f.genesys.list(kind: .template).map(\.name) == (0..<6).map { "t\($0)" })
    }
}
