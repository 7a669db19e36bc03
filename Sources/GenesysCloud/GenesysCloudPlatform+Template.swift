import Foundation
import PlatformKit
import SwitchboardModel

/// Template <-> Response Management: a WhatsApp template is one `MessagingTemplate` response per language in the
/// Switchboard library; an e-mail template stores nothing (its subject and body go in each send).
extension GenesysCloudPlatform {
    static func metaName(_ name: String) -> String { name.replacingOccurrences(of: "-", with: "_") }

    /// The Switchboard libraries (one, unless something made two of that name), found by a fresh listing.
    func findLibraries(_ address: Address?) async throws -> [Value] {
        try await client.getAll(Paths.libraries, resource: address).filter { $0["name"]?.stringValue == libraryName }
    }

    /// The library's id, from the command's index; created when `create` and it does not exist yet.
    func libraryId(_ address: Address, create: Bool) async throws -> String? {
        if let id = try await templateIndex(address).library { return id }
        guard create else { return nil }
        return try await cache.library { [self] in
            let created = try await unsafeCall(address) {
                try await client.send(
                    "POST", Paths.libraries, body: ["name": .string(libraryName)], safe: false, resource: address)
            } recover: {
                try await findLibraries(address).first
            }
            guard let id = created["id"]?.stringValue else {
                throw PlatformError(code: "genesys.response", message: "\(address): the library reply has no id")
            }
            return id
        }
    }

    /// The command's index of the library's WhatsApp templates: the library found by name (every library of that
    /// name, should there be several), then every response in it read with `POST responses/query` (500 a page, the
    /// largest the endpoint allows), once per command.
    /// - Throws: `PlatformError`.
    func templateIndex(_ address: Address?) async throws -> GenesysCache.TemplateIndex {
        try await cache.templateIndex { [self] in
            let libraries = try await findLibraries(address).compactMap { $0["id"]?.stringValue }
            var index = GenesysCache.TemplateIndex(library: libraries.first, responses: [:])
            for library in libraries {
                for v in try await libraryResponses(library, address) {
                    guard v["responseType"]?.stringValue == "MessagingTemplate", let wa = v["messagingTemplate"]?["whatsApp"],
                        let name = wa["name"]?.stringValue, let lang = wa["language"]?.stringValue
                    else { continue }
                    index.responses[name, default: [:]][lang] = v
                }
            }
            return index
        }
    }

    /// Every response of `library`, page by page through the query endpoint.
    func libraryResponses(_ library: String, _ address: Address?) async throws -> [Value] {
        try await Pages.collect(from: 1) { page in
            let body: Value = [
                "pageSize": .int(Self.responseQueryPageSize), "pageNumber": .int(page),
                "filters": [["name": "libraryId", "operator": "EQUALS", "values": [.string(library)]]],
            ]
            let reply = try await client.send(
                "POST", Paths.responses + "/query", body: body, safe: true, resource: address)
            let results = reply["results"]
            let entities = results?["entities"]?.listValue ?? []
            let pageCount = results?["pageCount"]?.intValue ?? 1
            return Pages.Page(items: entities, next: page < pageCount && !entities.isEmpty ? page + 1 : nil)
        }
    }

    /// `ResponseQueryRequest.pageSize`: "Maximum: 500".
    static let responseQueryPageSize = 500

    /// The responses of template `name`, by language, from the command's index.
    func templateResponses(_ name: String, _ address: Address) async throws -> [String: Value] {
        try await templateIndex(address).responses[Self.metaName(name)] ?? [:]
    }

    /// The response of template `name` in `language`, by a fresh listing (after an unknown outcome), recorded in the
    /// index when found.
    func freshTemplateResponse(_ name: String, _ language: String, library: String, _ address: Address) async throws -> Value? {
        let found = try await libraryResponses(library, address).first {
            $0["messagingTemplate"]?["whatsApp"]?["name"]?.stringValue == Self.metaName(name)
                && $0["messagingTemplate"]?["whatsApp"]?["language"]?.stringValue == language
        }
        if let found { await cache.setResponse(Self.metaName(name), language, found) }
        return found
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
            remoteId: primary, status: .active, attributes: a, outputs: ["responses": .object(ids)], naturalKey: name,
            name: name)
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
            throw PlatformError(code: "genesys.response", message: "\(r.address): the library has no id")
        }
        let existing = try await templateResponses(r.name, r.address)
        let meta = Self.metaName(r.name)
        for l in t.localizations {
            if let v = existing[l.language], let id = v["id"]?.stringValue {
                let same = v["texts"]?.listValue?.first?["content"]?.stringValue == l.text
                    && v["messagingTemplate"]?["whatsApp"]?["namespace"]?.stringValue == t.namespace
                if !same {
                    let replaced = try await client.send(
                        "PUT", Paths.responses + "/" + id, body: responseBody(r.name, t, l, library: library, version: v["version"]),
                        resource: r.address)
                    await cache.setResponse(meta, l.language, replaced)
                }
            } else {
                let created = try await unsafeCall(r.address) {
                    try await client.send(
                        "POST", Paths.responses, body: responseBody(r.name, t, l, library: library), safe: false,
                        resource: r.address)
                } recover: {
                    try await freshTemplateResponse(r.name, l.language, library: library, r.address)
                }
                await cache.setResponse(meta, l.language, created)
            }
        }
        let wanted = Set(t.localizations.map(\.language))
        for (lang, v) in existing where !wanted.contains(lang) {
            if let id = v["id"]?.stringValue { try await deleteAndWait(Paths.responses + "/" + id, r.address) }
            await cache.removeResponse(meta, lang)
        }
        let responses = try await templateResponses(r.name, r.address)
        guard let object = templateObject(responses, fallback: r.attributes, name: r.name) else {
            throw PlatformError(code: "genesys.response", message: "\(r.address): the template has no responses after apply")
        }
        return object
    }

    func deleteTemplate(_ state: ResourceState) async throws {
        if state.attributes[.channel]?.stringValue == TemplateChannel.email.rawValue { return }
        for (lang, v) in try await templateResponses(state.name, state.address) {
            if let id = v["id"]?.stringValue { try await deleteAndWait(Paths.responses + "/" + id, state.address) }
            await cache.removeResponse(Self.metaName(state.name), lang)
        }
    }
}
