import Foundation
import PlatformKit
import SwitchboardModel

/// Template `whatsapp` as a `msdyn_ocsystemmessage` of type 3 (message template, WhatsApp, sent outside the 24-hour
/// window to the customer; the default language a `msdyn_oclanguage` lookup, `msdyn_messagetext` its approved
/// text) with one `msdyn_oclocalizationdata` row per language (`msdyn_languagecode` an LCID, at most 1,000
/// characters). The category and namespace belong to the WhatsApp approval, not to Dynamics. Its natural key is its
/// name.
extension Dynamics365Platform {
    static let messageColumns = "msdyn_ocsystemmessageid,msdyn_name,msdyn_messagetype,_msdyn_defaultlanguage_value,statecode"
    static let localizationColumns =
        "msdyn_oclocalizationdataid,msdyn_languagecode,msdyn_localizedtext,msdyn_isdefault,_msdyn_systemmessageid_value"
    /// The longest localized text, in characters.
    public static let localizedTextLimit = 1000

    /// The template of `row`, with its localization rows from `localizations` when given, else listed.
    func templateObject(
        _ row: Value, fallback: [String: Value], _ address: Address?, localizations: [Value]? = nil
    ) async throws -> RemoteObject? {
        guard let id = row["msdyn_ocsystemmessageid"]?.stringValue else { return nil }
        let recorded = (fallback[.localizations]?.objectValue ?? [:]).keys.sorted()
        var a: [String: Value] = [:]
        a[.channel] = .string(TemplateChannel.whatsapp.rawValue)
        for field in [Field.category, .namespace, .agentless] { a[field] = fallback[field] }
        if let language = row["_msdyn_defaultlanguage_value"]?.stringValue {
            let lcid = try await client.lcid(ofLanguage: language, resource: address)
            let preferred = fallback[.defaultLanguage]?.stringValue.map { [$0] } ?? recorded
            a[.defaultLanguage] = Self.tag(lcid, preferring: preferred, separator: "_").map(Value.string)
        }
        var texts: [String: Value] = [:]
        let rows: [Value]
        if let localizations { rows = localizations } else { rows = try await localizationRows(id, address) }
        for l in rows {
            guard let tag = Self.tag(l["msdyn_languagecode"]?.intValue, preferring: recorded, separator: "_") else {
                continue
            }
            texts[tag] = l["msdyn_localizedtext"] ?? .string("")
        }
        if !texts.isEmpty { a[.localizations] = .object(texts) }
        return RemoteObject(
            remoteId: id, status: row["statecode"]?.intValue == 1 ? .disabled : .active, attributes: a,
            naturalKey: row["msdyn_name"]?.stringValue, name: row["msdyn_name"]?.stringValue)
    }

    func localizationRows(_ messageId: String, _ address: Address?) async throws -> [Value] {
        try await rows(
            Tables.localization, where: "_msdyn_systemmessageid_value", messageId, select: Self.localizationColumns,
            address)
    }

    func readTemplate(_ id: String, fallback: [String: Value], _ address: Address) async throws -> RemoteObject? {
        let set = try await client.entitySet(Tables.message)
        guard let row = try await client.get("\(set)(\(id))", query: [("$select", Self.messageColumns)], resource: address)
        else { return nil }
        return try await templateObject(row, fallback: fallback, address)
    }

    func findTemplate(_ resource: Resource) async throws -> RemoteObject? {
        guard let row = try await messageRow(resource.name, resource.address) else { return nil }
        return try await templateObject(row, fallback: resource.attributes, resource.address)
    }

    private func messageRow(_ name: String, _ address: Address) async throws -> Value? {
        let set = try await client.entitySet(Tables.message)
        let rows = try await client.list(
            set,
            query: [
                ("$select", Self.messageColumns),
                ("$filter", "msdyn_name eq \(Self.literal(name)) and msdyn_messagetype eq \(Options.messageTemplate)"),
            ], resource: address)
        return try single(rows, id: "msdyn_ocsystemmessageid", key: name, address)
    }

    /// The template's languages as LCIDs, checked before anything is written.
    /// - Throws: `template.language` for a language Dynamics does not offer, `template.length` for a text over
    ///   1,000 characters.
    private func checked(_ r: Resource, _ t: TemplateSpec) throws -> [(lcid: Int, localization: Localization)] {
        guard t.channel == .whatsapp else {
            throw PlatformError(code: "dynamics.unsupported", message: "\(r.address): Dynamics 365 holds WhatsApp templates only")
        }
        return try t.localizations.map { l in
            guard let lcid = LocaleIdentifiers.lcid(l.language) else {
                throw PlatformError(
                    code: "template.language", message: "\(r.address): Dynamics 365 offers no language '\(l.language)'")
            }
            let length = l.text.unicodeScalars.count
            guard length <= Self.localizedTextLimit else {
                throw PlatformError(
                    code: "template.length",
                    message: "\(r.address): the \(l.language) text has \(length) characters; Dynamics 365 takes at "
                        + "most \(Self.localizedTextLimit) per localization")
            }
            return (lcid, l)
        }
    }

    func createTemplate(_ request: PlatformRequest, _ t: TemplateSpec) async throws -> RemoteObject {
        let r = request.resource
        let languages = try checked(r, t)
        let defaultEntry = languages.first { $0.localization.language == t.defaultLanguage } ?? languages.first
        let languageSet = try await client.entitySet(Tables.language)
        let set = try await client.entitySet(Tables.message)
        var body: [String: Value] = [
            "msdyn_name": .string(r.name), "msdyn_messagetype": .int(Options.messageTemplate),
            "msdyn_streamsource": .int(Options.whatsApp), "msdyn_messagetemplatetrigger": .int(Options.outsideWindow),
            "msdyn_messagereceiver": .int(Options.customer),
            "msdyn_messagetext": .string(defaultEntry?.localization.text ?? ""),
        ]
        if let d = defaultEntry {
            body["msdyn_defaultlanguage@odata.bind"] = DataverseClient.bind(
                languageSet, try await client.languageId(d.lcid, resource: r.address))
        }
        let id = try await unsafeCall(
            perform: { try await client.create(set, .object(body), resource: r.address) },
            recover: { try await messageRow(r.name, r.address)?["msdyn_ocsystemmessageid"]?.stringValue })
        try await writeLocalizations(id, languages, defaultLCID: defaultEntry?.lcid, r.address)
        return try await readBack(readTemplate(id, fallback: r.attributes, r.address), r.address)
    }

    /// One localization row per language: the missing ones created, the others given their text.
    private func writeLocalizations(
        _ messageId: String, _ languages: [(lcid: Int, localization: Localization)], defaultLCID: Int?,
        _ address: Address
    ) async throws {
        let set = try await client.entitySet(Tables.localization)
        let messages = try await client.entitySet(Tables.message)
        let languageSet = try await client.entitySet(Tables.language)
        let existing = try await localizationRows(messageId, address)
        for (lcid, l) in languages {
            var body: [String: Value] = [
                "msdyn_languagecode": .int(lcid), "msdyn_localizedtext": .string(l.text),
                "msdyn_isdefault": .bool(lcid == defaultLCID),
                "msdyn_customerlanguageid@odata.bind": DataverseClient.bind(
                    languageSet, try await client.languageId(lcid, resource: address)),
            ]
            let find = { () async throws -> String? in
                try await localizationRows(messageId, address).first { $0["msdyn_languagecode"]?.intValue == lcid }?[
                    "msdyn_oclocalizationdataid"]?.stringValue
            }
            if let row = existing.first(where: { $0["msdyn_languagecode"]?.intValue == lcid }),
                let rid = row["msdyn_oclocalizationdataid"]?.stringValue
            {
                try await client.update(set, rid, .object(body), resource: address)
                continue
            }
            body["msdyn_systemmessageid@odata.bind"] = DataverseClient.bind(messages, messageId)
            _ = try await unsafeCall(
                perform: { try await client.create(set, .object(body), resource: address) }, recover: find)
        }
    }

    /// Approved text cannot change in place (the rules replace the template); an update renames the row and
    /// completes the localizations of a template whose create was interrupted.
    func updateTemplate(_ request: PlatformRequest, _ t: TemplateSpec, remoteId: String) async throws -> RemoteObject {
        let r = request.resource
        let languages = try checked(r, t)
        let defaultLCID = (languages.first { $0.localization.language == t.defaultLanguage } ?? languages.first)?.lcid
        try await client.update(
            try await client.entitySet(Tables.message), remoteId, ["msdyn_name": .string(r.name)], resource: r.address)
        try await writeLocalizations(remoteId, languages, defaultLCID: defaultLCID, r.address)
        return try await readBack(readTemplate(remoteId, fallback: r.attributes, r.address), r.address)
    }
}
