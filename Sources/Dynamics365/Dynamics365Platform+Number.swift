import Foundation
import PlatformKit
import SwitchboardModel

/// Number `whatsapp` as a `msdyn_ocwhatsappchannelnumber`: its account, and the settings of the workstream that
/// lists it (the row's required workstream lookup, its language as a `msdyn_oclanguage` lookup, the file-attachment
/// flags). The workstream's change runs first (the descriptor's `listedBy`), and the request carries it. Its natural
/// key is `msdyn_organizationphonenumber`.
extension Dynamics365Platform {
    static let numberColumns =
        "msdyn_ocwhatsappchannelnumberid,msdyn_name,msdyn_organizationphonenumber,_msdyn_ocwhatsappaccountid_value,"
        + "_msdyn_liveworkstreamid_value,_msdyn_ocwidgetlanguage_value,msdyn_enablefileattachmentsforcustomers,"
        + "msdyn_enablefileattachmentsforagents,statecode"

    /// The number of `row`; its account named from `accounts` (account id -> name) when given, else read.
    func numberObject(
        _ row: Value, fallback: [String: Value], _ address: Address?, accounts: [String: String]? = nil
    ) async throws -> RemoteObject? {
        guard let id = row["msdyn_ocwhatsappchannelnumberid"]?.stringValue else { return nil }
        let phone = row["msdyn_organizationphonenumber"]?.stringValue ?? ""
        var a: [String: Value] = [:]
        a[.type] = .string(NumberType.whatsapp.rawValue)
        a[.phoneNumber] = .string(phone)
        let accountId = row["_msdyn_ocwhatsappaccountid_value"]?.stringValue
        let account: String?
        if let accounts { account = accountId.flatMap { accounts[$0] } } else { account = try await accountName(accountId, address) }
        a[.integration] = account.map(Value.string) ?? fallback[.integration]
        // Switchboard's own fields: Dynamics keeps no country or content profile for a number.
        for field in [Field.country, .contentProfile] { a[field] = fallback[field] }
        return RemoteObject(
            remoteId: id, status: row["statecode"]?.intValue == 1 ? .disabled : .active, attributes: a, naturalKey: phone,
            name: row["msdyn_name"]?.stringValue)
    }

    private func accountName(_ id: String?, _ address: Address?) async throws -> String? {
        guard let id else { return nil }
        let set = try await client.entitySet(Tables.account)
        return try await client.get("\(set)(\(id))", query: [("$select", "msdyn_name")], resource: address)?[
            "msdyn_name"]?.stringValue
    }

    func readNumber(_ id: String, fallback: [String: Value], _ address: Address) async throws -> RemoteObject? {
        let set = try await client.entitySet(Tables.number)
        guard let row = try await client.get("\(set)(\(id))", query: [("$select", Self.numberColumns)], resource: address)
        else { return nil }
        return try await numberObject(row, fallback: fallback, address)
    }

    func findNumber(_ resource: Resource) async throws -> RemoteObject? {
        guard case .number(let n) = resource.spec, let phone = n.phoneNumber else { return nil }
        guard let row = try await numberRow(phone, resource.address) else { return nil }
        return try await numberObject(row, fallback: resource.attributes, resource.address)
    }

    private func numberRow(_ phone: String, _ address: Address) async throws -> Value? {
        let rows = try await rows(
            Tables.number, where: "msdyn_organizationphonenumber", Self.literal(phone), select: Self.numberColumns,
            address)
        return try single(rows, id: "msdyn_ocwhatsappchannelnumberid", key: phone, address)
    }

    /// The workstream that lists the number, from the request: its remote id and its desired settings.
    private func lister(_ request: PlatformRequest) throws -> (id: String, spec: ResourceState) {
        let r = request.resource
        let listers = request.referencedState.filter { $0.key.kind == .workstream }
            .filter { $0.value.attributes[.numbers]?.listValue?.contains(.string(r.name)) == true }
        guard let (address, state) = listers.min(by: { $0.key < $1.key }) else {
            throw PlatformError(
                code: "dynamics.number.workstream",
                message: "\(r.address): Dynamics 365 ties every WhatsApp number to a workstream; list it in the "
                    + "numbers of a Workstream")
        }
        return (try referenceId(request, address), state)
    }

    /// The number row's columns that come from its workstream: the lookup, the language and the attachment flags.
    func workstreamColumns(
        workstreamId: String, attributes: [String: Value], _ address: Address
    ) async throws -> [String: Value] {
        let language = attributes[.language]?.stringValue ?? ""
        guard let lcid = LocaleIdentifiers.lcid(language) else {
            throw PlatformError(
                code: "dynamics.language", message: "\(address): Dynamics 365 offers no language '\(language)'")
        }
        let languages = try await client.entitySet(Tables.language)
        let workstreams = try await client.entitySet(Tables.workstream)
        let files = attributes[.fileAttachments]
        return [
            "msdyn_liveworkstreamid@odata.bind": DataverseClient.bind(workstreams, workstreamId),
            "msdyn_ocwidgetlanguage@odata.bind": DataverseClient.bind(
                languages, try await client.languageId(lcid, resource: address)),
            "msdyn_enablefileattachmentsforcustomers": .bool(files?[.customer]?.boolValue ?? false),
            "msdyn_enablefileattachmentsforagents": .bool(files?[.agent]?.boolValue ?? false),
        ]
    }

    func createNumber(_ request: PlatformRequest, _ n: NumberSpec) async throws -> RemoteObject {
        let r = request.resource
        guard n.type == .whatsapp, let phone = n.phoneNumber else {
            throw PlatformError(
                code: "invalid.value", message: "\(r.address): a Dynamics 365 WhatsApp account takes numbers of type whatsapp")
        }
        let accountId = try referenceId(request, Address(.integration, n.integration))
        let (workstreamId, workstream) = try lister(request)
        var body = try await workstreamColumns(workstreamId: workstreamId, attributes: workstream.attributes, r.address)
        body["msdyn_name"] = .string(r.name)
        body["msdyn_organizationphonenumber"] = .string(phone)
        body["msdyn_ocwhatsappaccountid@odata.bind"] = DataverseClient.bind(
            try await client.entitySet(Tables.account), accountId)
        let set = try await client.entitySet(Tables.number)
        let id = try await unsafeCall(
            perform: { try await client.create(set, .object(body), resource: r.address) },
            recover: { try await numberRow(phone, r.address)?["msdyn_ocwhatsappchannelnumberid"]?.stringValue })
        return try await readBack(readNumber(id, fallback: r.attributes, r.address), r.address)
    }

    /// Only the content profile changes in place, and Dynamics keeps none; the row takes its name and its
    /// workstream's settings again.
    func updateNumber(_ request: PlatformRequest, _ n: NumberSpec, remoteId: String) async throws -> RemoteObject {
        let r = request.resource
        var body: [String: Value] = [:]
        if let (workstreamId, workstream) = try? lister(request) {
            body = try await workstreamColumns(workstreamId: workstreamId, attributes: workstream.attributes, r.address)
        }
        body["msdyn_name"] = .string(r.name)
        try await client.update(try await client.entitySet(Tables.number), remoteId, .object(body), resource: r.address)
        return try await readBack(readNumber(remoteId, fallback: r.attributes, r.address), r.address)
    }
}
