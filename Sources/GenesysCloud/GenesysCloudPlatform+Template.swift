import Foundation
import PlatformKit
import SwitchboardModel

/// Template <-> Response Management: a WhatsApp template is one `MessagingTemplate` response per language in the
/// Switchboard library; an e-mail template stores nothing (its subject and body go in each send).
extension GenesysCloudPlatform {
    static func metaName(_ name: String) -> String { name.replacingOccurrences(of: "-", with: "_") }

    func libraryId(_ address: Address, create: Bool) async throws -> String? {
        let find: () async throws -> Value? = {
            try await client.getAll(Paths.libraries, resource: address).first { $0["name"]?.stringValue == libraryName }
        }
        if let id = try await find()?["id"]?.stringValue { return id }
        guard create else { return nil }
        let created = try await unsafeCall(address) {
            try await client.send("POST", Paths.libraries, body: ["name": .string(libraryName)], safe: false, resource: address)
        } recover: {
            try await find()
        }
        return created["id"]?.stringValue
    }

    /// The responses of template `name`, by language.
    func templateResponses(_ name: String, _ address: Address) async throws -> [String: Value] {
        guard let library = try await libraryId(address, create: false) else { return [:] }
        let all = try await client.getAll(Paths.responses, query: [("libraryId", library)], resource: address)
        var out: [String: Value] = [:]
        for v in all where v["responseType"]?.stringValue == "MessagingTemplate" {
            let wa = v["messagingTemplate"]?["whatsApp"]
            if wa?["name"]?.stringValue == Self.metaName(name), let lang = wa?["language"]?.stringValue { out[lang] = v }
        }
        return out
    }

    func templateObject(_ responses: [String: Value], fallback: [String: Value], name: String) -> RemoteObject? {
        guard !responses.isEmpty else { return nil }
        var a = fallback.filter { [Field.channel, .category, .defaultLanguage, .agentless].contains(Field($0.key)) }
        a[.channel] = .string(TemplateChannel.whatsapp.rawValue)
        var localizations: [String: Value] = [:]
        var ids: [String: Value] = [:]
        for (lang, v) in responses {
            localizations[lang] = v["texts"]?.listValue?.first?["content"] ?? ""
            ids[lang] = v["id"] ?? .null
            if let ns = v["messagingTemplate"]?["whatsApp"]?["namespace"]?.stringValue { a[.namespace] = .string(ns) }
        }
        a[.localizations] = .object(localizations)
        let primary = fallback[.defaultLanguage]?.stringValue.flatMap { ids[$0]?.stringValue }
            ?? ids.keys.sorted().first.flatMap { ids[$0]?.stringValue } ?? ""
        return RemoteObject(
            remoteId: primary, status: .active, attributes: a, outputs: ["responses": .object(ids)], naturalKey: name)
    }

    func readTemplate(_ state: ResourceState) async throws -> RemoteObject? {
        if state.attributes[.channel]?.stringValue == TemplateChannel.email.rawValue {
            return RemoteObject(remoteId: state.remoteId, status: .active, attributes: state.attributes, naturalKey: state.name)
        }
        let responses = try await templateResponses(state.name, state.address)
        return templateObject(responses, fallback: state.attributes, name: state.name)
    }

    /// A WhatsApp template's responses in the library, as one object. An e-mail template holds nothing on Genesys
    /// Cloud (its subject and body go in each send), so it is always there to adopt, as `readTemplate` reads it.
    func findTemplate(_ resource: Resource) async throws -> RemoteObject? {
        guard case .template(let t) = resource.spec else { return nil }
        if t.channel == .email {
            return RemoteObject(
                remoteId: "email:\(resource.name)", status: .active, attributes: resource.attributes,
                naturalKey: resource.name)
        }
        let responses = try await templateResponses(resource.name, resource.address)
        return templateObject(responses, fallback: resource.attributes, name: resource.name)
    }

    func responseBody(_ name: String, _ t: TemplateSpec, _ l: Localization, library: String, version: Value? = nil) -> Value {
        var whatsApp: [String: Value] = ["name": .string(Self.metaName(name)), "language": .string(l.language)]
        if let ns = t.namespace { whatsApp["namespace"] = .string(ns) }
        var body: [String: Value] = [
            "name": .string("\(name) (\(l.language))"), "libraries": [["id": .string(library)]],
            "texts": [["content": .string(l.text), "contentType": "text/plain"]], "responseType": "MessagingTemplate",
            "messagingTemplate": ["whatsApp": .object(whatsApp)],
        ]
        if let version { body["version"] = version }
        return .object(body)
    }

    func createTemplate(_ request: PlatformRequest, _ t: TemplateSpec) async throws -> RemoteObject {
        let r = request.resource
        if t.channel == .email {
            return RemoteObject(remoteId: "email:\(r.name)", status: .active, attributes: r.attributes, naturalKey: r.name)
        }
        return try await syncTemplate(request, t)
    }

    func updateTemplate(_ request: PlatformRequest, _ t: TemplateSpec, remoteId: String) async throws -> RemoteObject {
        if t.channel == .email {
            let r = request.resource
            return RemoteObject(remoteId: remoteId, status: .active, attributes: r.attributes, naturalKey: r.name)
        }
        return try await syncTemplate(request, t)
    }

    /// Makes the responses match the localizations: POST missing languages, PUT changed ones, DELETE extra ones.
    private func syncTemplate(_ request: PlatformRequest, _ t: TemplateSpec) async throws -> RemoteObject {
        let r = request.resource
        guard let library = try await libraryId(r.address, create: true) else {
            throw PlatformError(code: "genesys.response", message: "\(r.address): the library reply has no id")
        }
        let existing = try await templateResponses(r.name, r.address)
        for l in t.localizations {
            if let v = existing[l.language], let id = v["id"]?.stringValue {
                let same = v["texts"]?.listValue?.first?["content"]?.stringValue == l.text
                    && v["messagingTemplate"]?["whatsApp"]?["namespace"]?.stringValue == t.namespace
                if !same {
                    try await client.send(
                        "PUT", Paths.responses + "/" + id, body: responseBody(r.name, t, l, library: library, version: v["version"]),
                        resource: r.address)
                }
            } else {
                _ = try await unsafeCall(r.address) {
                    try await client.send(
                        "POST", Paths.responses, body: responseBody(r.name, t, l, library: library), safe: false,
                        resource: r.address)
                } recover: {
                    try await templateResponses(r.name, r.address)[l.language]
                }
            }
        }
        let wanted = Set(t.localizations.map(\.language))
        for (lang, v) in existing where !wanted.contains(lang) {
            if let id = v["id"]?.stringValue { try await deleteAndWait(Paths.responses + "/" + id, r.address) }
        }
        let responses = try await templateResponses(r.name, r.address)
        guard let object = templateObject(responses, fallback: r.attributes, name: r.name) else {
            throw PlatformError(code: "genesys.response", message: "\(r.address): the template has no responses after apply")
        }
        return object
    }

    func deleteTemplate(_ state: ResourceState) async throws {
        if state.attributes[.channel]?.stringValue == TemplateChannel.email.rawValue { return }
        for (_, v) in try await templateResponses(state.name, state.address) {
            if let id = v["id"]?.stringValue { try await deleteAndWait(Paths.responses + "/" + id, state.address) }
        }
    }
}
