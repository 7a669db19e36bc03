import Dynamics365
import Foundation
import PlatformKit
import Sandbox
import SwitchboardModel
import SwitchboardTestSupport
import Testing

@Suite struct Dynamics365PlatformTests {
    @Test func writesEveryKindInDataversesShapeAndReadsItBackWithoutDrift() async throws {
        let fx = try DynamicsFixture()
        await fx.emulator.setRecordTranscript(true)
        let states = try await fx.applyAll()
        let o = try await fx.world()
        let number = try #require(o.whatsAppNumbers.values.first)
        let stream = try #require(o.workstreams.values.first)
        #expect(number.msdyn_liveworkstreamid == stream.msdyn_liveworkstreamid)
        #expect(number.msdyn_ocwidgetlanguage == SandboxDynamicsOrg.languageId(1033))
        #expect(number.msdyn_enablefileattachmentsforcustomers && !number.msdyn_enablefileattachmentsforagents)
        #expect(stream.msdyn_streamsource == 192_300_000)
        #expect(stream.messageTemplateIds == Array(o.systemMessages.keys))
        let message = try #require(o.systemMessages.values.first)
        #expect(message.msdyn_messagetype == 3 && message.msdyn_messagetext == "Order {{1}} shipped.")
        #expect(o.localizations.values.map(\.msdyn_languagecode).sorted() == [1033, 2058])
        for state in states.values {
            let read = try #require(try await fx.platform.read(state))
            #expect(read.attributes == state.attributes, "\(state.address) drifted")
        }
        // A workstream update writes its settings on its number rows.
        let changed = DynamicsFixture.workstream(
            "support", numbers: ["us-whatsapp"], templates: ["order-shipped"], customer: false)
        let streamState = try #require(states[changed.address])
        let numberId = try #require(states[Address(.number, "us-whatsapp")]?.remoteId)
        let templateId = try #require(states[Address(.template, "order-shipped")]?.remoteId)
        _ = try await fx.platform.update(
            PlatformRequest(
                resource: changed,
                references: [Address(.number, "us-whatsapp"): numberId, Address(.template, "order-shipped"): templateId],
                prior: streamState),
            remoteId: streamState.remoteId)
        #expect(try await fx.world().whatsAppNumbers[numberId]?.msdyn_enablefileattachmentsforcustomers == false)
        let transcript = await fx.emulator.stats.transcript
        // One login (client credentials at the tenant's token endpoint, the organization's scope), then Bearer.
        #expect(transcript.filter { $0.hasPrefix("POST /0f1e2d3c/oauth2/v2.0/token") }.count == 1)
        #expect(transcript.contains { $0.contains("scope=https%3A%2F%2Fcontoso.crm4.dynamics.com%2F.default") })
        // Set names come from EntityDefinitions; every PATCH forbids creating a row.
        #expect(transcript.contains { $0.hasPrefix("GET /api/data/v9.2/EntityDefinitions(LogicalName='msdyn_liveworkstream')") })
        let patches = transcript.filter { $0.hasPrefix("PATCH ") }
        #expect(!patches.isEmpty && patches.allSatisfy { $0.contains("(key: \"if-match\", value: \"*\")") })
        #expect(transcript.contains { $0.contains("msdyn_liveworkstreamid@odata.bind") })
        #expect(transcript.contains { $0.contains("(key: \"odata-version\", value: \"4.0\")") })
    }

    @Test func aPatchWithoutIfMatchWouldCreateARowTheAdapterNeverSendsOne() async throws {
        let fx = try DynamicsFixture()
        let states = try await fx.applyAll()
        let stream = try #require(states[Address(.workstream, "support")])
        try await fx.store.transact { w, _ in try w.deleteDynamicsWorkstream(org: "dynamics", id: stream.remoteId) }
        // The adapter's PATCH carries If-Match: *, so the row it changes must exist: 404, not a new row.
        let request = PlatformRequest(
            resource: DynamicsFixture.workstream("support", numbers: [], templates: []), prior: stream)
        let error = await #expect(throws: PlatformError.self) {
            _ = try await fx.platform.update(request, remoteId: stream.remoteId)
        }
        #expect(error?.status == 404 && error?.code == "0x80040217")
        #expect(try await fx.world().workstreams.isEmpty)
        // The emulator honours Dataverse's upsert: the same PATCH without If-Match creates the row.
        let set = "msdyn_liveworkstreams(\(stream.remoteId))"
        _ = try await fx.platform.client.send(
            "PATCH", set, body: ["msdyn_name": "support", "msdyn_streamsource": 192_300_000], safe: true, resource: nil)
        #expect(try await fx.world().workstreams[stream.remoteId]?.msdyn_name == "support")
        #expect(try await fx.platform.read(stream) != nil)
    }

    @Test func errorsComeFromTheErrorBodyAndLongTextsNeverLeave() async throws {
        let fx = try DynamicsFixture()
        let states = try await fx.applyAll()
        // A number whose workstream is gone: Dataverse's code and status.
        let number = DynamicsFixture.number("other", "+14155550201")
        var ghost = try #require(states[Address(.workstream, "support")])
        ghost.remoteId = "00000000-0000-0000-0000-000000000001"
        ghost.attributes[.numbers] = .list([.string("other")])
        let error = await #expect(throws: PlatformError.self) {
            _ = try await fx.platform.create(PlatformRequest(
                resource: number, references: [DynamicsFixture.account.address: states[DynamicsFixture.account.address]?.remoteId ?? ""],
                referencedState: [ghost.address: ghost]))
        }
        #expect(error?.code == "0x80040217" && error?.status == 404)
        #expect(error?.request == "POST /api/data/v9.2/msdyn_ocwhatsappchannelnumbers")
        // A localization over 1,000 characters is refused before any request.
        let before = await fx.emulator.stats.requests
        let long = DynamicsFixture.template("long", english: String(repeating: "ü", count: 1001))
        let refused = await #expect(throws: PlatformError.self) {
            _ = try await fx.platform.create(PlatformRequest(resource: long))
        }
        #expect(refused?.code == "template.length")
        #expect(await fx.emulator.stats.requests == before)
    }

    @Test func listingsFollowNextLinksPageByPage() async throws {
        let fx = try DynamicsFixture(pageSize: 2)
        let states = try await fx.applyAll()
        await fx.emulator.setRecordTranscript(true)
        // Five localizations of one message, read two per page.
        let message = try #require(states[Address(.template, "order-shipped")])
        try await fx.store.transact { w, _ in
            for (i, lcid) in [1031, 1036, 1040].enumerated() {
                _ = try w.createDynamicsLocalization(
                    org: "dynamics",
                    SandboxDynamicsLocalization(
                        msdyn_oclocalizationdataid: "", msdyn_systemmessageid: message.remoteId,
                        msdyn_customerlanguageid: nil, msdyn_languagecode: lcid, msdyn_localizedtext: "t\(i)",
                        msdyn_isdefault: false))
            }
        }
        let read = try #require(try await fx.platform.read(message))
        #expect(read.attributes[.localizations]?.objectValue?.count == 5)
        let pages = await fx.emulator.stats.transcript.filter { $0.hasPrefix("GET /api/data/v9.2/msdyn_oclocalizationdatas ") }
        #expect(pages.count == 3)
        #expect(pages.allSatisfy { $0.contains("odata.maxpagesize=2") })
    }

    @Test func driftInDynamicsShowsOnTheResourceThatDeclaresIt() async throws {
        let fx = try DynamicsFixture()
        let states = try await fx.applyAll()
        let stream = try #require(states[Address(.workstream, "support")])
        let template = try #require(states[Address(.template, "order-shipped")])
        try await fx.store.transact { w, _ in
            let number = w.dynamics["dynamics"]?.whatsAppNumbers.values.first?.msdyn_ocwhatsappchannelnumberid ?? ""
            try w.updateDynamicsWhatsAppNumber(org: "dynamics", id: number) {
                $0.msdyn_enablefileattachmentsforcustomers = false
                $0.msdyn_ocwidgetlanguage = SandboxDynamicsOrg.languageId(3082)
            }
            let text = w.dynamics["dynamics"]?.localizations.values.first { $0.msdyn_languagecode == 1033 }
            try w.updateDynamicsLocalization(org: "dynamics", id: text?.msdyn_oclocalizationdataid ?? "") {
                $0.msdyn_localizedtext = "Changed by hand."
            }
        }
        let read = try #require(try await fx.platform.read(stream))
        #expect(read.attributes[.language] == "es-ES")
        #expect(read.attributes[.fileAttachments]?[.customer] == .bool(false))
        let t = try #require(try await fx.platform.read(template))
        #expect(t.attributes[.localizations]?["en_US"] == "Changed by hand.")
        // A row deleted outside Switchboard is missing.
        try await fx.store.transact { w, _ in try w.deleteDynamicsSystemMessage(org: "dynamics", id: template.remoteId) }
        #expect(try await fx.platform.read(template) == nil)
    }
}
