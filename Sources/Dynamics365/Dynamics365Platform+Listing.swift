import Foundation
import PlatformKit
import SwitchboardModel

/// `list(kind:)`: every row of a kind's table, read with Dataverse's paging (`Prefer: odata.maxpagesize` at the
/// client's page size, `@odata.nextLink`) and `$select`ed to the columns drift compares. What an object refers to
/// (a number's account, a template's localizations) comes from one listing of that table per call, never from a
/// request per row. Workstreams are not listed (`list.unsupported`): their language and file-attachment settings live
/// on each of their number rows and are judged against what state recorded (a row that disagrees with it is drift),
/// which only a read of one workstream with its state can do; they are few, and refresh reads them one at a time.
extension Dynamics365Platform {
    public func list(kind: Kind) async throws -> [RemoteObject] {
        switch kind {
        case .integration: return try await table(Tables.account, select: Self.accountColumns).compactMap(accountObject)
        case .number: return try await listNumbers()
        case .template: return try await listTemplates()
        case .workstream: throw PlatformError.listUnsupported(kind, platform: name)
        default: return []
        }
    }

    /// Every row of `table` (optionally filtered), with `select`ed columns.
    func table(_ table: String, select: String, filter: String? = nil) async throws -> [Value] {
        let set = try await client.entitySet(table)
        return try await client.list(
            set, query: [("$select", select)] + (filter.map { [("$filter", $0)] } ?? []), resource: nil)
    }

    func listNumbers() async throws -> [RemoteObject] {
        var accounts: [String: String] = [:]
        for row in try await table(Tables.account, select: "msdyn_ocwhatsappchannelaccountid,msdyn_name") {
            if let id = row["msdyn_ocwhatsappchannelaccountid"]?.stringValue {
                accounts[id] = row["msdyn_name"]?.stringValue ?? id
            }
        }
        var out: [RemoteObject] = []
        for row in try await table(Tables.number, select: Self.numberColumns) {
            if let o = try await numberObject(row, fallback: [:], nil, accounts: accounts) { out.append(o) }
        }
        return out
    }

    func listTemplates() async throws -> [RemoteObject] {
        let localizations = Dictionary(
            grouping: try await table(Tables.localization, select: Self.localizationColumns),
            by: { $0["_msdyn_systemmessageid_value"]?.stringValue ?? "" })
        var out: [RemoteObject] = []
        let filter = "msdyn_messagetype eq \(Options.messageTemplate)"
        for row in try await table(Tables.message, select: Self.messageColumns, filter: filter) {
            let id = row["msdyn_ocsystemmessageid"]?.stringValue ?? ""
            if var o = try await templateObject(row, fallback: [:], nil, localizations: localizations[id] ?? []) {
                o.attributes[.localizations] = Self.everySpelling(o.attributes[.localizations])
                out.append(o)
            }
        }
        return out
    }

    /// Localizations under every spelling of each language (`de_DE`, `de-DE`, and `de` where it names the same
    /// LCID): a listing does not know which one the manifest used, and drift compares the one state recorded.
    static func everySpelling(_ localizations: Value?) -> Value? {
        guard let texts = localizations?.objectValue else { return localizations }
        var out = texts
        for (tag, text) in texts {
            guard let lcid = LocaleIdentifiers.lcid(tag), let entry = LocaleIdentifiers.entry(lcid) else { continue }
            let language = String(entry.tag.prefix { $0 != "-" })
            var spellings = [entry.tag, entry.tag.replacingOccurrences(of: "-", with: "_")]
            if LocaleIdentifiers.lcid(language) == lcid { spellings.append(language) }
            for s in spellings where out[s] == nil { out[s] = text }
        }
        return .object(out)
    }
}
