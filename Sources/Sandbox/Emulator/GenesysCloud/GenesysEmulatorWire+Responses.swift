import Foundation
import PlatformKit
import SwitchboardModel

/// `/api/v2/responsemanagement`: libraries and responses (WhatsApp message templates, one response per language).
extension GenesysEmulatorWire {
    static let responseRoutes: [(String, Endpoint)] = [
        ("GET responsemanagement/libraries", { w, r in w.listLibraries(r) }),
        ("POST responsemanagement/libraries", { w, r in try w.createLibrary(r) }),
        ("GET responsemanagement/responses", { w, r in try w.listResponses(r) }),
        ("POST responsemanagement/responses", { w, r in try w.createResponse(r) }),
        ("POST responsemanagement/responses/query", { w, r in try w.queryResponses(r) }),
        ("GET responsemanagement/responses/*", { w, r in try w.getResponse(r) }),
        ("PUT responsemanagement/responses/*", { w, r in try w.putResponse(r) }),
        ("DELETE responsemanagement/responses/*", { w, r in try w.deleteResponse(r) }),
    ]

    func listLibraries(_ r: Request) -> Reply {
        let list = (o.libraries ?? [:]).values.sorted { $0.name < $1.name }
        return (200, page(list.map { ["id": .string($0.id), "name": .string($0.name), "version": 1] }, r.query))
    }

    mutating func createLibrary(_ r: Request) throws -> Reply {
        let l = try world.createLibrary(org: org, name: r.body["name"]?.stringValue ?? "")
        return (200, ["id": .string(l.id), "name": .string(l.name), "version": 1])
    }

    func listResponses(_ r: Request) throws -> Reply {
        guard let library = r.query["libraryId"] else {
            throw EmulatorError.bad("libraryId is required", field: "libraryId")
        }
        let list = o.responses.values.filter { $0.libraryIds?.contains(library) == true }.sorted { $0.name < $1.name }
        return (200, page(list.map(response), r.query))
    }

    /// `POST responses/query` (`ResponseQueryRequest`): `filters` on `libraryId`, `name` or `responseType` (`EQUALS`,
    /// `IN`, `NOTEQUALS`), `queryPhrase` matched in the name and texts, paged by `pageSize` (at most 500) and
    /// `pageNumber`; answers `{"results": ResponseEntityList}`.
    /// - Throws: `bad.request` for a page size over 500 or a filter on another field.
    func queryResponses(_ r: Request) throws -> Reply {
        let size = r.body["pageSize"]?.intValue ?? 25
        guard (1...500).contains(size) else {
            throw EmulatorError.bad("pageSize must be between 1 and 500", field: "pageSize")
        }
        var list = o.responses.values.sorted { $0.name < $1.name }
        for f in r.body["filters"]?.listValue ?? [] {
            let values = Set((f["values"]?.listValue ?? []).compactMap(\.stringValue))
            let negate = f["operator"]?.stringValue?.uppercased() == "NOTEQUALS"
            let field: (SandboxResponse) -> [String]
            switch f["name"]?.stringValue {
            case "libraryId": field = { $0.libraryIds ?? [] }
            case "name": field = { [$0.name] }
            case "responseType": field = { [$0.responseType] }
            default: throw EmulatorError.bad("filters[].name must be libraryId, name or responseType", field: "filters")
            }
            list = list.filter { field($0).contains(where: values.contains) != negate }
        }
        if let phrase = r.body["queryPhrase"]?.stringValue?.lowercased(), !phrase.isEmpty {
            list = list.filter { r in
                r.name.lowercased().contains(phrase) || r.texts.contains { $0.content.lowercased().contains(phrase) }
            }
        }
        let query = ["pageSize": String(size), "pageNumber": String(r.body["pageNumber"]?.intValue ?? 1)]
        return (200, ["results": page(list.map(response), query)])
    }

    mutating func createResponse(_ r: Request) throws -> Reply {
        let b = try Self.responseBody(r.body)
        let response = try world.createResponse(
            org: org, name: b.name, libraryIds: b.libraries, responseType: b.type, texts: b.texts,
            messagingTemplate: b.template, now: now)
        return (200, self.response(response))
    }

    func getResponse(_ r: Request) throws -> Reply {
        (200, response(try find(o.responses[r.id], "response", r.id)))
    }

    /// PUT at the current `version`.
    mutating func putResponse(_ r: Request) throws -> Reply {
        let b = try Self.responseBody(r.body)
        let response = try world.replaceResponse(
            org: org, id: r.id, version: r.body["version"]?.intValue, name: b.name, libraryIds: b.libraries,
            texts: b.texts, messagingTemplate: b.template)
        return (200, self.response(response))
    }

    mutating func deleteResponse(_ r: Request) throws -> Reply {
        try world.deleteResponse(org: org, id: r.id)
        return (204, nil)
    }

    /// A `Response` request body in the world's terms.
    /// - Throws: `bad.request` without a name, libraries and texts, or with a WhatsApp template lacking its name or
    ///   language.
    static func responseBody(_ body: Value) throws -> (
        name: String, libraries: [String], type: String, texts: [SandboxResponseText], template: SandboxMessagingTemplate?
    ) {
        guard let name = body["name"]?.stringValue, let libs = body["libraries"]?.listValue, !libs.isEmpty,
            let texts = body["texts"]?.listValue, !texts.isEmpty
        else { throw EmulatorError.bad("name, libraries and texts are required", field: "texts") }
        var template: SandboxMessagingTemplate?
        if let wa = body["messagingTemplate"]?["whatsApp"] {
            guard let waName = wa["name"]?.stringValue, let language = wa["language"]?.stringValue else {
                throw EmulatorError.bad(
                    "messagingTemplate.whatsApp needs name and language", field: "messagingTemplate.whatsApp")
            }
            template = SandboxMessagingTemplate(
                whatsApp: SandboxWhatsAppTemplateRef(name: waName, namespace: wa["namespace"]?.stringValue, language: language))
        }
        return (
            name, libs.compactMap { $0["id"]?.stringValue }, body["responseType"]?.stringValue ?? "MessagingTemplate",
            texts.map {
                SandboxResponseText(
                    content: $0["content"]?.stringValue ?? "", contentType: $0["contentType"]?.stringValue ?? "text/plain",
                    type: $0["type"]?.stringValue)
            }, template
        )
    }
}
