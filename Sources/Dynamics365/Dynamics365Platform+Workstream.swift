import Foundation
import PlatformKit
import SwitchboardModel

/// Workstream as a `msdyn_liveworkstream` (`msdyn_streamsource` of its channel, the simplified mode, push
/// distribution). Its numbers, language and file-attachment settings live on the number rows (each row's workstream
/// lookup, `msdyn_ocwidgetlanguage`, the attachment flags): the workstream writes them on the rows of its numbers
/// that exist, and a number created later takes them from the workstream. Its templates are associated through the
/// N:N relationship with `msdyn_ocsystemmessage`. Its natural key is its name.
extension Dynamics365Platform {
    static let workstreamColumns = "msdyn_liveworkstreamid,msdyn_name,msdyn_streamsource,statecode"

    static func streamSource(_ channel: Channel) -> Int {
        switch channel {
        case .whatsapp: Options.whatsApp
        case .sms: Options.sms
        case .email: Options.custom
        }
    }

    func workstreamObject(_ row: Value, fallback: [String: Value], _ address: Address) async throws -> RemoteObject? {
        guard let id = row["msdyn_liveworkstreamid"]?.stringValue else { return nil }
        let source = row["msdyn_streamsource"]?.intValue
        let channel = Channel.allCases.first { Self.streamSource($0) == source }?.rawValue
        var a: [String: Value] = [:]
        a[.channel] = channel.map(Value.string) ?? fallback[.channel]
        let numberRows = try await rows(
            Tables.number, where: "_msdyn_liveworkstreamid_value", id, select: Self.numberColumns, address)
        let numberNames = numberRows.compactMap { $0["msdyn_name"]?.stringValue }
        a[.numbers] = .list(Self.inOrder(numberNames, of: fallback[.numbers]).map(Value.string))
        // The settings the number rows hold; the recorded ones where the workstream has no number yet. A row that
        // disagrees with the record wins, so drift shows it.
        a[.language] = fallback[.language]
        a[.fileAttachments] = fallback[.fileAttachments]
        for row in numberRows {
            var lcid: Int?
            if let languageId = row["_msdyn_ocwidgetlanguage_value"]?.stringValue {
                lcid = try await client.lcid(ofLanguage: languageId, resource: address)
            }
            let recorded = fallback[.language]?.stringValue
            let language = Self.tag(lcid, preferring: recorded.map { [$0] } ?? [], separator: "-")
            let files = Value.members([
                .customer: .bool(row["msdyn_enablefileattachmentsforcustomers"]?.boolValue ?? false),
                .agent: .bool(row["msdyn_enablefileattachmentsforagents"]?.boolValue ?? false),
            ])
            if let language, language != recorded { a[.language] = .string(language) }
            if files != fallback[.fileAttachments] { a[.fileAttachments] = files }
        }
        let templates = try await linkedTemplates(id, address).map(\.name)
        a[.templates] = .list(Self.inOrder(templates, of: fallback[.templates]).map(Value.string))
        return RemoteObject(
            remoteId: id, status: row["statecode"]?.intValue == 1 ? .disabled : .active, attributes: a,
            naturalKey: row["msdyn_name"]?.stringValue, name: row["msdyn_name"]?.stringValue)
    }

    /// `names` in the order `recorded` lists them, the ones it does not list after them, sorted.
    static func inOrder(_ names: [String], of recorded: Value?) -> [String] {
        let order = (recorded?.listValue ?? []).compactMap(\.stringValue)
        let known = order.filter(names.contains)
        return known + names.filter { !order.contains($0) }.sorted()
    }

    /// The message templates associated with workstream `id`.
    func linkedTemplates(_ id: String, _ address: Address) async throws -> [(id: String, name: String)] {
        let set = try await client.entitySet(Tables.workstream)
        let rows = try await client.list(
            "\(set)(\(id))/\(Tables.workstreamTemplates)", query: [("$select", "msdyn_ocsystemmessageid,msdyn_name")],
            resource: address)
        return rows.compactMap { row in
            guard let tid = row["msdyn_ocsystemmessageid"]?.stringValue else { return nil }
            return (tid, row["msdyn_name"]?.stringValue ?? tid)
        }
    }

    func readWorkstream(_ id: String, fallback: [String: Value], _ address: Address) async throws -> RemoteObject? {
        let set = try await client.entitySet(Tables.workstream)
        guard let row = try await client.get("\(set)(\(id))", query: [("$select", Self.workstreamColumns)], resource: address)
        else { return nil }
        return try await workstreamObject(row, fallback: fallback, address)
    }

    func findWorkstream(_ resource: Resource) async throws -> RemoteObject? {
        guard let row = try await workstreamRow(resource.name, resource.address) else { return nil }
        return try await workstreamObject(row, fallback: resource.attributes, resource.address)
    }

    private func workstreamRow(_ name: String, _ address: Address) async throws -> Value? {
        let rows = try await rows(
            Tables.workstream, where: "msdyn_name", Self.literal(name), select: Self.workstreamColumns, address)
        return try single(rows, id: "msdyn_liveworkstreamid", key: name, address)
    }

    func createWorkstream(_ request: PlatformRequest, _ w: WorkstreamSpec) async throws -> RemoteObject {
        let r = request.resource
        let set = try await client.entitySet(Tables.workstream)
        let body: Value = [
            "msdyn_name": .string(r.name), "msdyn_streamsource": .int(Self.streamSource(w.channel)),
            "msdyn_mode": .int(Options.simplifiedMode), "msdyn_workdistributionmode": .int(Options.push),
        ]
        let id = try await unsafeCall(
            perform: { try await client.create(set, body, resource: r.address) },
            recover: { try await workstreamRow(r.name, r.address)?["msdyn_liveworkstreamid"]?.stringValue })
        try await configure(request, w, id: id)
        return try await readBack(readWorkstream(id, fallback: r.attributes, r.address), r.address)
    }

    func updateWorkstream(_ request: PlatformRequest, _ w: WorkstreamSpec, remoteId: String) async throws -> RemoteObject {
        let r = request.resource
        let set = try await client.entitySet(Tables.workstream)
        try await client.update(set, remoteId, ["msdyn_name": .string(r.name)], resource: r.address)
        try await configure(request, w, id: remoteId)
        return try await readBack(readWorkstream(remoteId, fallback: r.attributes, r.address), r.address)
    }

    /// Writes the workstream's settings on the rows of its numbers that exist, and associates exactly its templates.
    private func configure(_ request: PlatformRequest, _ w: WorkstreamSpec, id: String) async throws {
        let r = request.resource
        let numbers = try await client.entitySet(Tables.number)
        let columns = try await workstreamColumns(workstreamId: id, attributes: r.attributes, r.address)
        for number in w.numbers {
            guard let nid = request.references[Address(.number, number)] else { continue }
            try await client.update(numbers, nid, .object(columns), resource: r.address)
        }
        let set = try await client.entitySet(Tables.workstream)
        let messages = try await client.entitySet(Tables.message)
        let wanted = try w.templates.map { try referenceId(request, Address(.template, $0)) }
        let linked = try await linkedTemplates(id, r.address).map(\.id)
        let path = "\(set)(\(id))/\(Tables.workstreamTemplates)"
        for tid in wanted where !linked.contains(tid) {
            _ = try await client.send(
                "POST", path + "/$ref", body: ["@odata.id": DataverseClient.bind(messages, tid)], safe: true,
                resource: r.address)
        }
        for tid in linked where !wanted.contains(tid) {
            _ = try await client.send("DELETE", "\(path)(\(tid))/$ref", safe: true, resource: r.address)
        }
    }
}
