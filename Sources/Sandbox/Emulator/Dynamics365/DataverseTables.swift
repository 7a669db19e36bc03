import Foundation
import PlatformKit
import SwitchboardModel

/// The Omnichannel tables the emulator serves, with the columns Switchboard writes (logical names and types from
/// the tables' entity references) and `msdyn_oclanguage`, read-only and pre-populated.
enum DataverseTables {
    /// Every table, by entity set name.
    static let bySet: [String: DataverseTable] = Dictionary(
        uniqueKeysWithValues: [accounts, numbers, workstreams, messages, localizations, languages].map {
            ($0.setName, $0)
        })

    /// Every table, by logical name.
    static let byLogicalName: [String: DataverseTable] = Dictionary(
        uniqueKeysWithValues: bySet.values.map { ($0.logicalName, $0) })

    /// The N:N relationship of workstreams and their WhatsApp message templates.
    static let workstreamTemplates = "msdyn_liveworkstream_msdyn_ocsystemmessage"

    static func lookup(_ id: String?) -> Value { id.map(Value.string) ?? .null }
    static func date(_ d: Date) -> Value { .string(SandboxDates.format(d)) }

    // MARK: - Accounts

    static let accounts = DataverseTable(
        logicalName: "msdyn_ocwhatsappchannelaccount", setName: "msdyn_ocwhatsappchannelaccounts",
        primaryId: "msdyn_ocwhatsappchannelaccountid", primaryName: "msdyn_name",
        columns: [
            "msdyn_name": .text(100), "msdyn_provideraccountid": .text(255), "msdyn_authenticationtoken": .secret(255),
            "msdyn_secureauthenticationtoken": .secret(255), "statecode": .choice([0, 1]), "statuscode": .choice([1, 2]),
        ],
        rows: { o in
            o.whatsAppAccounts.values.sorted { $0.msdyn_ocwhatsappchannelaccountid < $1.msdyn_ocwhatsappchannelaccountid }
                .map { a in
                    [
                        "msdyn_ocwhatsappchannelaccountid": .string(a.msdyn_ocwhatsappchannelaccountid),
                        "msdyn_name": .string(a.msdyn_name), "msdyn_provideraccountid": .string(a.msdyn_provideraccountid),
                        "msdyn_authenticationtoken": .null, "msdyn_secureauthenticationtoken": .null,
                        "msdyn_twilioinboundurl": .string(a.msdyn_twilioinboundurl), "statecode": .int(a.statecode),
                        "statuscode": .int(a.statecode == 0 ? 1 : 2), "createdon": date(a.createdon),
                    ]
                }
        },
        create: { w, org, id, f, now in
            guard let name = f.text("msdyn_name") ?? nil, let sid = f.text("msdyn_provideraccountid") ?? nil else {
                throw DataverseError(status: 400, code: "0x80040203", message: "msdyn_name and msdyn_provideraccountid are required")
            }
            let token = (f.text("msdyn_secureauthenticationtoken") ?? nil) ?? (f.text("msdyn_authenticationtoken") ?? nil) ?? ""
            return try w.createDynamicsWhatsAppAccount(org: org, id: id, name: name, accountSid: sid, authToken: token, now: now)
                .msdyn_ocwhatsappchannelaccountid
        },
        update: { w, org, id, f in
            if let sid = f.text("msdyn_provideraccountid"),
                sid != w.dynamics[org]?.whatsAppAccounts[id]?.msdyn_provideraccountid
            {
                throw DataverseError(status: 400, code: "0x80040203", message: "the account SID of an account cannot change")
            }
            let token = f.text("msdyn_secureauthenticationtoken") ?? f.text("msdyn_authenticationtoken")
            try w.updateDynamicsWhatsAppAccount(
                org: org, id: id, name: f.text("msdyn_name") ?? nil, authToken: token.map { $0 ?? "" },
                statecode: f.int("statecode"))
        },
        delete: { w, org, id in try w.deleteDynamicsWhatsAppAccount(org: org, id: id) })

    // MARK: - Numbers

    static let numbers = DataverseTable(
        logicalName: "msdyn_ocwhatsappchannelnumber", setName: "msdyn_ocwhatsappchannelnumbers",
        primaryId: "msdyn_ocwhatsappchannelnumberid", primaryName: "msdyn_name",
        columns: [
            "msdyn_name": .text(100), "msdyn_organizationphonenumber": .text(100),
            "msdyn_ocwhatsappaccountid": .lookup("msdyn_ocwhatsappchannelaccounts"),
            "msdyn_liveworkstreamid": .lookup("msdyn_liveworkstreams"),
            "msdyn_ocwidgetlanguage": .lookup("msdyn_oclanguages"),
            "msdyn_enablefileattachmentsforcustomers": .boolean, "msdyn_enablefileattachmentsforagents": .boolean,
            "statecode": .choice([0, 1]), "statuscode": .choice([1, 2]),
        ],
        rows: { o in
            o.whatsAppNumbers.values.sorted { $0.msdyn_ocwhatsappchannelnumberid < $1.msdyn_ocwhatsappchannelnumberid }
                .map { n in
                    [
                        "msdyn_ocwhatsappchannelnumberid": .string(n.msdyn_ocwhatsappchannelnumberid),
                        "msdyn_name": .string(n.msdyn_name),
                        "msdyn_organizationphonenumber": .string(n.msdyn_organizationphonenumber),
                        "_msdyn_ocwhatsappaccountid_value": .string(n.msdyn_ocwhatsappaccountid),
                        "_msdyn_liveworkstreamid_value": lookup(n.msdyn_liveworkstreamid),
                        "_msdyn_ocwidgetlanguage_value": lookup(n.msdyn_ocwidgetlanguage),
                        "msdyn_enablefileattachmentsforcustomers": .bool(n.msdyn_enablefileattachmentsforcustomers),
                        "msdyn_enablefileattachmentsforagents": .bool(n.msdyn_enablefileattachmentsforagents),
                        "statecode": .int(n.statecode), "statuscode": .int(n.statecode == 0 ? 1 : 2),
                        "createdon": date(n.createdon),
                    ]
                }
        },
        create: { w, org, id, f, now in
            guard let phone = f.text("msdyn_organizationphonenumber") ?? nil,
                let account = f.text("msdyn_ocwhatsappaccountid") ?? nil
            else {
                throw DataverseError(
                    status: 400, code: "0x80040203",
                    message: "msdyn_organizationphonenumber and msdyn_ocwhatsappaccountid are required")
            }
            let row = SandboxDynamicsWhatsAppNumber(
                msdyn_ocwhatsappchannelnumberid: id ?? "", msdyn_name: (f.text("msdyn_name") ?? nil) ?? phone,
                msdyn_organizationphonenumber: phone, msdyn_ocwhatsappaccountid: account,
                msdyn_liveworkstreamid: f.text("msdyn_liveworkstreamid") ?? nil,
                msdyn_ocwidgetlanguage: f.text("msdyn_ocwidgetlanguage") ?? nil,
                msdyn_enablefileattachmentsforcustomers: f.bool("msdyn_enablefileattachmentsforcustomers") ?? false,
                msdyn_enablefileattachmentsforagents: f.bool("msdyn_enablefileattachmentsforagents") ?? false,
                statecode: 0, createdon: now)
            return try w.addDynamicsWhatsAppNumber(org: org, row, now: now).msdyn_ocwhatsappchannelnumberid
        },
        update: { w, org, id, f in
            try w.updateDynamicsWhatsAppNumber(org: org, id: id) { n in
                if let v = f.text("msdyn_name") { n.msdyn_name = v ?? "" }
                if let v = f.text("msdyn_organizationphonenumber") { n.msdyn_organizationphonenumber = v ?? "" }
                if let v = f.text("msdyn_ocwhatsappaccountid") { n.msdyn_ocwhatsappaccountid = v ?? "" }
                if let v = f.text("msdyn_liveworkstreamid") { n.msdyn_liveworkstreamid = v }
                if let v = f.text("msdyn_ocwidgetlanguage") { n.msdyn_ocwidgetlanguage = v }
                if let v = f.bool("msdyn_enablefileattachmentsforcustomers") { n.msdyn_enablefileattachmentsforcustomers = v }
                if let v = f.bool("msdyn_enablefileattachmentsforagents") { n.msdyn_enablefileattachmentsforagents = v }
                if let v = f.int("statecode") { n.statecode = v }
            }
        },
        delete: { w, org, id in try w.deleteDynamicsWhatsAppNumber(org: org, id: id) })

    // MARK: - Workstreams

    static let workstreams = DataverseTable(
        logicalName: "msdyn_liveworkstream", setName: "msdyn_liveworkstreams", primaryId: "msdyn_liveworkstreamid",
        primaryName: "msdyn_name",
        columns: [
            "msdyn_name": .text(100),
            "msdyn_streamsource": .choice([192_300_000, 192_340_000, 192_360_000, 192_440_000, 192_350_002]),
            "msdyn_mode": .choice([717_210_000, 717_210_001]),
            "msdyn_workdistributionmode": .choice([192_350_000, 192_350_001]), "statecode": .choice([0, 1]),
            "statuscode": .choice([1, 2]),
        ],
        rows: { o in
            o.workstreams.values.sorted { $0.msdyn_liveworkstreamid < $1.msdyn_liveworkstreamid }.map { w in
                [
                    "msdyn_liveworkstreamid": .string(w.msdyn_liveworkstreamid), "msdyn_name": .string(w.msdyn_name),
                    "msdyn_streamsource": .int(w.msdyn_streamsource), "msdyn_mode": .int(w.msdyn_mode),
                    "msdyn_workdistributionmode": .int(w.msdyn_workdistributionmode), "statecode": .int(w.statecode),
                    "statuscode": .int(w.statecode == 0 ? 1 : 2), "createdon": date(w.createdon),
                ]
            }
        },
        create: { w, org, id, f, now in
            let row = SandboxDynamicsWorkstream(
                msdyn_liveworkstreamid: id ?? "", msdyn_name: (f.text("msdyn_name") ?? nil) ?? "",
                msdyn_streamsource: f.int("msdyn_streamsource") ?? 192_350_002, msdyn_mode: f.int("msdyn_mode") ?? 717_210_001,
                msdyn_workdistributionmode: f.int("msdyn_workdistributionmode") ?? 192_350_000, statecode: 0,
                messageTemplateIds: [], createdon: now)
            return try w.createDynamicsWorkstream(org: org, row, now: now).msdyn_liveworkstreamid
        },
        update: { w, org, id, f in
            try w.updateDynamicsWorkstream(org: org, id: id) { ws in
                if let v = f.text("msdyn_name") { ws.msdyn_name = v ?? "" }
                if let v = f.int("msdyn_streamsource") { ws.msdyn_streamsource = v }
                if let v = f.int("msdyn_mode") { ws.msdyn_mode = v }
                if let v = f.int("msdyn_workdistributionmode") { ws.msdyn_workdistributionmode = v }
                if let v = f.int("statecode") { ws.statecode = v }
            }
        },
        delete: { w, org, id in try w.deleteDynamicsWorkstream(org: org, id: id) },
        relationships: [
            workstreamTemplates: DataverseRelationship(
                target: "msdyn_ocsystemmessages", related: { o, id in o.workstreams[id]?.messageTemplateIds ?? [] },
                link: { w, org, id, other, associate in
                    try w.linkDynamicsTemplate(org: org, workstream: id, template: other, associate: associate)
                })
        ])

    // MARK: - Messages

    static let messages = DataverseTable(
        logicalName: "msdyn_ocsystemmessage", setName: "msdyn_ocsystemmessages", primaryId: "msdyn_ocsystemmessageid",
        primaryName: "msdyn_name",
        columns: [
            "msdyn_name": .text(100), "msdyn_messagetype": .choice([1, 2, 3]),
            "msdyn_streamsource": .choice([192_300_000, 192_340_000, 192_360_000, 192_350_002]),
            "msdyn_messagetemplatetrigger": .choice([1]), "msdyn_messagereceiver": .choice([192_350_000, 192_350_001]),
            "msdyn_defaultlanguage": .lookup("msdyn_oclanguages"), "msdyn_messagetext": .text(2000),
            "statecode": .choice([0, 1]),
        ],
        rows: { o in
            o.systemMessages.values.sorted { $0.msdyn_ocsystemmessageid < $1.msdyn_ocsystemmessageid }.map { m in
                [
                    "msdyn_ocsystemmessageid": .string(m.msdyn_ocsystemmessageid), "msdyn_name": .string(m.msdyn_name),
                    "msdyn_messagetype": .int(m.msdyn_messagetype), "msdyn_streamsource": .int(m.msdyn_streamsource),
                    "msdyn_messagetemplatetrigger": m.msdyn_messagetemplatetrigger.map(Value.int) ?? .null,
                    "msdyn_messagereceiver": m.msdyn_messagereceiver.map(Value.int) ?? .null,
                    "_msdyn_defaultlanguage_value": lookup(m.msdyn_defaultlanguage),
                    "msdyn_messagetext": .string(m.msdyn_messagetext), "statecode": .int(m.statecode),
                    "createdon": date(m.createdon),
                ]
            }
        },
        create: { w, org, id, f, now in
            let row = SandboxDynamicsSystemMessage(
                msdyn_ocsystemmessageid: id ?? "", msdyn_name: (f.text("msdyn_name") ?? nil) ?? "",
                msdyn_messagetype: f.int("msdyn_messagetype") ?? 2, msdyn_streamsource: f.int("msdyn_streamsource") ?? 192_350_002,
                msdyn_messagetemplatetrigger: f.int("msdyn_messagetemplatetrigger"),
                msdyn_messagereceiver: f.int("msdyn_messagereceiver"),
                msdyn_defaultlanguage: f.text("msdyn_defaultlanguage") ?? nil,
                msdyn_messagetext: (f.text("msdyn_messagetext") ?? nil) ?? "", statecode: 0, createdon: now)
            return try w.createDynamicsSystemMessage(org: org, row, now: now).msdyn_ocsystemmessageid
        },
        update: { w, org, id, f in
            try w.updateDynamicsSystemMessage(org: org, id: id) { m in
                if let v = f.text("msdyn_name") { m.msdyn_name = v ?? "" }
                if let v = f.int("msdyn_messagetype") { m.msdyn_messagetype = v }
                if let v = f.int("msdyn_messagetemplatetrigger") { m.msdyn_messagetemplatetrigger = v }
                if let v = f.int("msdyn_messagereceiver") { m.msdyn_messagereceiver = v }
                if let v = f.text("msdyn_defaultlanguage") { m.msdyn_defaultlanguage = v }
                if let v = f.text("msdyn_messagetext") { m.msdyn_messagetext = v ?? "" }
                if let v = f.int("statecode") { m.statecode = v }
            }
        },
        delete: { w, org, id in try w.deleteDynamicsSystemMessage(org: org, id: id) })

    // MARK: - Localizations

    static let localizations = DataverseTable(
        logicalName: "msdyn_oclocalizationdata", setName: "msdyn_oclocalizationdatas",
        primaryId: "msdyn_oclocalizationdataid", primaryName: "msdyn_localizedtext",
        columns: [
            "msdyn_systemmessageid": .lookup("msdyn_ocsystemmessages"),
            "msdyn_customerlanguageid": .lookup("msdyn_oclanguages"), "msdyn_languagecode": .integer,
            "msdyn_localizedtext": .text(SandboxWorld.localizedTextLimit), "msdyn_isdefault": .boolean,
        ],
        rows: { o in
            o.localizations.values.sorted { $0.msdyn_oclocalizationdataid < $1.msdyn_oclocalizationdataid }.map { l in
                [
                    "msdyn_oclocalizationdataid": .string(l.msdyn_oclocalizationdataid),
                    "_msdyn_systemmessageid_value": .string(l.msdyn_systemmessageid),
                    "_msdyn_customerlanguageid_value": lookup(l.msdyn_customerlanguageid),
                    "msdyn_languagecode": .int(l.msdyn_languagecode), "msdyn_localizedtext": .string(l.msdyn_localizedtext),
                    "msdyn_isdefault": .bool(l.msdyn_isdefault),
                ]
            }
        },
        create: { w, org, id, f, _ in
            guard let message = f.text("msdyn_systemmessageid") ?? nil, let code = f.int("msdyn_languagecode") else {
                throw DataverseError(
                    status: 400, code: "0x80040203", message: "msdyn_systemmessageid and msdyn_languagecode are required")
            }
            let row = SandboxDynamicsLocalization(
                msdyn_oclocalizationdataid: id ?? "", msdyn_systemmessageid: message,
                msdyn_customerlanguageid: f.text("msdyn_customerlanguageid") ?? nil, msdyn_languagecode: code,
                msdyn_localizedtext: (f.text("msdyn_localizedtext") ?? nil) ?? "", msdyn_isdefault: f.bool("msdyn_isdefault") ?? false)
            return try w.createDynamicsLocalization(org: org, row).msdyn_oclocalizationdataid
        },
        update: { w, org, id, f in
            try w.updateDynamicsLocalization(org: org, id: id) { l in
                if let v = f.text("msdyn_customerlanguageid") { l.msdyn_customerlanguageid = v }
                if let v = f.int("msdyn_languagecode") { l.msdyn_languagecode = v }
                if let v = f.text("msdyn_localizedtext") { l.msdyn_localizedtext = v ?? "" }
                if let v = f.bool("msdyn_isdefault") { l.msdyn_isdefault = v }
            }
        },
        delete: { w, org, id in try w.deleteDynamicsLocalization(org: org, id: id) })

    // MARK: - Languages

    /// Read-only: every environment holds one row per language, with its LCID.
    static let languages = DataverseTable(
        logicalName: "msdyn_oclanguage", setName: "msdyn_oclanguages", primaryId: "msdyn_oclanguageid",
        primaryName: "msdyn_languagename", columns: [:],
        rows: { _ in
            SandboxDynamicsOrg.languages.map { l in
                [
                    "msdyn_oclanguageid": .string(l.msdyn_oclanguageid), "msdyn_languagename": .string(l.msdyn_languagename),
                    "msdyn_localeid": .int(l.msdyn_localeid),
                ]
            }
        },
        create: { _, _, _, _, _ in throw readOnly },
        update: { _, _, _, _ in throw readOnly },
        delete: { _, _, _ in throw readOnly })

    static let readOnly = DataverseError(
        status: 403, code: "0x80040220", message: "msdyn_oclanguage rows are provided by the Omnichannel solution")
}
