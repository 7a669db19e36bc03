import Foundation
import SwitchboardCrypto
import SwitchboardModel

/// The Genesys Cloud wire format over the emulator's store: routes, request bodies, replies, asynchronous states.
struct GenesysEmulatorWire {
    var store: GenesysEmulatorStore
    let now: Double
    let delay: Double

    typealias Reply = (Int, Value?)

    // MARK: - Routing

    static let literals: Set<String> = [
        "conversations", "messaging", "supportedcontent", "integrations", "whatsapp", "embeddedsignup", "types",
        "credentials", "listing", "config", "current", "routing", "sms", "phonenumbers", "import", "email", "outbound",
        "domains", "activation", "responsemanagement", "libraries", "responses",
    ]

    mutating func route(_ method: String, _ p: [String], query: [String: String], body: Value) throws -> Reply {
        let shape = p.map { Self.literals.contains($0) ? $0 : "*" }.joined(separator: "/")
        let id = p.first { !Self.literals.contains($0) } ?? ""
        switch (method, shape) {
        // Supported content
        case ("GET", "conversations/messaging/supportedcontent"):
            return (200, page(store.supportedContent.values.sorted { $0.name < $1.name }.map(supportedContent), query))
        case ("POST", "conversations/messaging/supportedcontent"):
            return (200, supportedContent(try createSupportedContent(body)))
        case ("GET", "conversations/messaging/supportedcontent/*"):
            return (200, supportedContent(try find(store.supportedContent[id], "supported content \(id)")))
        case ("PATCH", "conversations/messaging/supportedcontent/*"):
            var sc = try find(store.supportedContent[id], "supported content \(id)")
            if let n = body["name"]?.stringValue { sc.name = n }
            if let allow = body["mediaTypes"]?["allow"] {
                sc.inbound = Self.types(allow["inbound"])
                sc.outbound = Self.types(allow["outbound"])
            }
            sc.version += 1
            store.supportedContent[id] = sc
            return (200, supportedContent(sc))
        case ("DELETE", "conversations/messaging/supportedcontent/*"):
            _ = try find(store.supportedContent[id], "supported content \(id)")
            if store.numbers.values.contains(where: { $0.supportedContentId == id })
                || store.whatsapp.values.contains(where: { $0.supportedContentId == id })
            {
                throw EmulatorError(status: 409, code: "conflict", message: "supported content \(id) is in use")
            }
            store.supportedContent[id] = nil
            return (204, nil)

        // WhatsApp
        case ("GET", "conversations/messaging/integrations/whatsapp"):
            sweep()
            return (200, page(store.whatsapp.values.sorted { $0.name < $1.name }.map(whatsApp), query))
        case ("POST", "conversations/messaging/integrations/whatsapp/embeddedsignup"):
            guard let name = body["name"]?.stringValue, body["embeddedSignupAccessToken"]?.stringValue?.isEmpty == false else {
                throw EmulatorError.bad("name and embeddedSignupAccessToken are required", field: "embeddedSignupAccessToken")
            }
            let w = GenesysEmulatorStore.WhatsApp(
                id: store.newId(), name: name, flow: "embeddedSignup", phoneNumber: nil,
                supportedContentId: try contentId(body), createdAt: now, version: 1)
            store.whatsapp[w.id] = w
            return (200, whatsApp(w))
        case ("POST", "conversations/messaging/integrations/whatsapp"):
            guard let name = body["name"]?.stringValue, let phone = body["phoneNumber"]?.stringValue,
                body["wabaCertificate"]?.stringValue?.isEmpty == false
            else { throw EmulatorError.bad("name, phoneNumber and wabaCertificate are required", field: "wabaCertificate") }
            try phoneFree(phone)
            let w = GenesysEmulatorStore.WhatsApp(
                id: store.newId(), name: name, flow: "certificate", phoneNumber: phone,
                supportedContentId: try contentId(body), createdAt: now - delay, version: 1)
            store.whatsapp[w.id] = w
            return (200, whatsApp(w))
        case ("PATCH", "conversations/messaging/integrations/whatsapp/embeddedsignup/*"):
            var w = try liveWhatsApp(id)
            guard now >= w.createdAt + delay else {
                throw EmulatorError.bad("the integration is not created yet (createStatus Initiated)")
            }
            guard let phone = body["phoneNumber"]?.stringValue, body["pin"]?.stringValue?.count == 6 else {
                throw EmulatorError.bad("phoneNumber and a 6-digit pin are required", field: "pin")
            }
            if w.activatedAt != nil { throw EmulatorError.bad("the integration is already activated") }
            try phoneFree(phone, except: id)
            w.phoneNumber = phone
            w.activatedAt = now
            w.version += 1
            store.whatsapp[id] = w
            return (200, whatsApp(w))
        case ("GET", "conversations/messaging/integrations/whatsapp/*"):
            sweep()
            return (200, whatsApp(try find(store.whatsapp[id], "whatsapp integration \(id)")))
        case ("PATCH", "conversations/messaging/integrations/whatsapp/*"):
            var w = try liveWhatsApp(id)
            switch body["action"]?.stringValue {
            case "Activate":
                w.codeRequestedAt = now
                w.verificationCode = String(format: "%06d", Int(Digest.randomBytes(3).reduce(0) { $0 * 256 + Int($1) } % 1_000_000))
            case "Confirm":
                guard w.codeRequestedAt != nil, body["confirmationCode"]?.stringValue == w.verificationCode else {
                    throw EmulatorError(status: 400, code: "whatsapp.confirmation.failed", message: "the confirmation code is wrong")
                }
                w.activatedAt = now
            default:
                if let n = body["name"]?.stringValue { w.name = n }
                if body["supportedContent"] != nil { w.supportedContentId = try contentId(body) }
            }
            w.version += 1
            store.whatsapp[id] = w
            return (200, whatsApp(w))
        case ("DELETE", "conversations/messaging/integrations/whatsapp/*"):
            var w = try liveWhatsApp(id)
            w.deletedAt = now
            store.whatsapp[id] = w
            return (200, whatsApp(w))

        // Integrations
        case ("GET", "integrations/types"):
            return (200, page([Self.twilioType], query))
        case ("GET", "integrations"):
            let list = store.integrations.values.sorted { $0.name < $1.name }
                .filter { query["integrationType"] == nil || $0.typeId == query["integrationType"] }
            return (200, page(list.map(integration), query))
        case ("POST", "integrations"):
            guard let name = body["name"]?.stringValue, let type = body["integrationType"]?["id"]?.stringValue else {
                throw EmulatorError.bad("name and integrationType.id are required", field: "integrationType")
            }
            guard type == Self.twilioType["id"]?.stringValue else { throw EmulatorError.bad("unknown integration type", field: "integrationType") }
            let i = GenesysEmulatorStore.Integration(
                id: store.newId(), name: name, typeId: type, intendedState: "DISABLED", intendedAt: now - delay,
                properties: [:], advanced: [:], credentials: [:], configVersion: 1)
            store.integrations[i.id] = i
            return (200, integration(i))
        case ("GET", "integrations/credentials/listing"):
            let list = store.credentials.values.sorted { $0.id < $1.id }.map(credential)
            return (200, ["entities": .list(list)])
        case ("POST", "integrations/credentials"):
            guard let name = body["name"]?.stringValue, let type = body["type"]?["name"]?.stringValue else {
                throw EmulatorError.bad("name and type.name are required", field: "type")
            }
            let c = GenesysEmulatorStore.Credential(
                id: store.newId(), name: name, typeName: type, fieldDigests: Self.digests(body["credentialFields"]))
            store.credentials[c.id] = c
            return (200, credential(c))
        case ("GET", "integrations/credentials/*"):
            return (200, credential(try find(store.credentials[id], "credential \(id)")))
        case ("PUT", "integrations/credentials/*"):
            var c = try find(store.credentials[id], "credential \(id)")
            if let n = body["name"]?.stringValue { c.name = n }
            c.fieldDigests = Self.digests(body["credentialFields"])
            store.credentials[id] = c
            return (200, credential(c))
        case ("DELETE", "integrations/credentials/*"):
            _ = try find(store.credentials[id], "credential \(id)")
            store.credentials[id] = nil
            return (204, nil)
        case ("GET", "integrations/*"):
            return (200, integration(try find(store.integrations[id], "integration \(id)")))
        case ("PATCH", "integrations/*"):
            var i = try find(store.integrations[id], "integration \(id)")
            guard let s = body["intendedState"]?.stringValue, ["ENABLED", "DISABLED"].contains(s) else {
                throw EmulatorError.bad("intendedState is required", field: "intendedState")
            }
            if s != i.intendedState {
                i.intendedState = s
                i.intendedAt = now
            }
            if let n = body["name"]?.stringValue { i.name = n }
            store.integrations[id] = i
            return (200, integration(i))
        case ("DELETE", "integrations/*"):
            _ = try find(store.integrations[id], "integration \(id)")
            store.integrations[id] = nil
            for n in store.numbers.values where n.integrationId == id { store.numbers[n.id] = nil }
            return (200, ["id": .string(id)])
        case ("GET", "integrations/*/config/current"):
            return (200, config(try find(store.integrations[id], "integration \(id)")))
        case ("PUT", "integrations/*/config/current"):
            var i = try find(store.integrations[id], "integration \(id)")
            guard body["version"]?.intValue == i.configVersion else {
                throw EmulatorError(status: 409, code: "conflict", message: "version \(body["version"]?.display ?? "null") does not match the current version \(i.configVersion)")
            }
            i.properties = body["properties"]?.objectValue ?? [:]
            i.advanced = body["advanced"]?.objectValue ?? [:]
            i.credentials = (body["credentials"]?.objectValue ?? [:]).compactMapValues { $0["id"]?.stringValue }
            for (_, c) in i.credentials where store.credentials[c] == nil { throw EmulatorError.bad("credential \(c) does not exist", field: "credentials") }
            i.configVersion += 1
            store.integrations[id] = i
            return (200, config(i))

        // SMS numbers
        case ("GET", "routing/sms/phonenumbers"):
            sweep()
            let list = store.numbers.values.sorted { $0.phoneNumber < $1.phoneNumber }
                .filter { query["phoneNumber"] == nil || $0.phoneNumber == query["phoneNumber"] }
            return (200, page(list.map(number), query))
        case ("POST", "routing/sms/phonenumbers/import"):
            return (200, number(try importNumber(body)))
        case ("GET", "routing/sms/phonenumbers/*"):
            sweep()
            return (200, number(try find(store.numbers[id], "phone number \(id)")))
        case ("PATCH", "routing/sms/phonenumbers/*"):
            sweep()
            var n = try find(store.numbers[id], "phone number \(id)")
            guard provisioning(n) != "Running" else {
                throw EmulatorError(status: 409, code: "sms.phonenumber.provisioning.in.progress", message: "provisioning is already in progress")
            }
            n.supportedContentId = try contentId(body)
            n.version += 1
            n.action = "Update"
            n.actionAt = now
            store.numbers[id] = n
            return (200, number(n))
        case ("DELETE", "routing/sms/phonenumbers/*"):
            sweep()
            var n = try find(store.numbers[id], "phone number \(id)")
            if n.action != "Delete" {
                n.action = "Delete"
                n.actionAt = now
                store.numbers[id] = n
            }
            return (204, nil)

        // Outbound e-mail domains
        case ("GET", "routing/email/outbound/domains"):
            return (200, page(store.domains.values.sorted { $0.id < $1.id }.map(domain), query))
        case ("POST", "routing/email/outbound/domains"):
            guard let id = body["id"]?.stringValue, id.contains("."), body["name"]?.stringValue != nil else {
                throw EmulatorError.bad("id (the domain name) and name are required", field: "id")
            }
            guard store.domains[id] == nil else {
                throw EmulatorError(status: 409, code: "conflict", message: "domain \(id) already exists")
            }
            let d = GenesysEmulatorStore.Domain(
                id: id, senderType: body["senderType"]?.stringValue ?? "EmailDomain", createdAt: now, verified: false)
            store.domains[id] = d
            return (200, domainResult(d))
        case ("GET", "routing/email/outbound/domains/*"):
            return (200, domain(try find(store.domains[id], "domain \(id)")))
        case ("PATCH", "routing/email/outbound/domains/*"):
            var d = try find(store.domains[id], "domain \(id)")
            if let s = body["senderType"]?.stringValue { d.senderType = s }
            store.domains[id] = d
            return (200, domain(d))
        case ("DELETE", "routing/email/outbound/domains/*"):
            _ = try find(store.domains[id], "domain \(id)")
            store.domains[id] = nil
            return (204, nil)
        case ("GET", "routing/email/outbound/domains/*/activation"),
            ("PUT", "routing/email/outbound/domains/*/activation"):
            return (200, domainResult(try find(store.domains[id], "domain \(id)")))

        // Response management
        case ("GET", "responsemanagement/libraries"):
            return (200, page(store.libraries.values.sorted { $0.name < $1.name }.map { ["id": .string($0.id), "name": .string($0.name)] }, query))
        case ("POST", "responsemanagement/libraries"):
            guard let name = body["name"]?.stringValue else { throw EmulatorError.bad("name is required", field: "name") }
            let l = GenesysEmulatorStore.Library(id: store.newId(), name: name)
            store.libraries[l.id] = l
            return (200, ["id": .string(l.id), "name": .string(name), "version": 1])
        case ("GET", "responsemanagement/responses"):
            guard let library = query["libraryId"] else { throw EmulatorError.bad("libraryId is required", field: "libraryId") }
            let list = store.responses.values.filter { $0.libraryIds.contains(library) }.sorted { $0.name < $1.name }
            return (200, page(list.map(response), query))
        case ("POST", "responsemanagement/responses"):
            var r = try parseResponse(body, id: store.newId())
            r.version = 1
            store.responses[r.id] = r
            return (200, response(r))
        case ("GET", "responsemanagement/responses/*"):
            return (200, response(try find(store.responses[id], "response \(id)")))
        case ("PUT", "responsemanagement/responses/*"):
            let old = try find(store.responses[id], "response \(id)")
            guard body["version"]?.intValue == old.version else {
                throw EmulatorError(status: 409, code: "conflict", message: "the version does not match the current version")
            }
            var r = try parseResponse(body, id: id)
            r.version = old.version + 1
            store.responses[id] = r
            return (200, response(r))
        case ("DELETE", "responsemanagement/responses/*"):
            _ = try find(store.responses[id], "response \(id)")
            store.responses[id] = nil
            return (204, nil)
        default:
            throw EmulatorError(status: 404, code: "not.found", message: "no route for \(method) /api/v2/\(p.joined(separator: "/"))")
        }
    }

    // MARK: - Store helpers

    func find<T>(_ value: T?, _ what: String) throws -> T {
        guard let value else { throw EmulatorError.notFound(what) }
        return value
    }

    /// Drops objects whose asynchronous delete has finished.
    mutating func sweep() {
        for w in store.whatsapp.values where w.deletedAt.map({ now >= $0 + delay }) == true { store.whatsapp[w.id] = nil }
        for n in store.numbers.values where n.action == "Delete" && now >= n.actionAt + delay { store.numbers[n.id] = nil }
    }

    func liveWhatsApp(_ id: String) throws -> GenesysEmulatorStore.WhatsApp {
        let w = try find(store.whatsapp[id], "whatsapp integration \(id)")
        if w.deletedAt != nil { throw EmulatorError.notFound("whatsapp integration \(id)") }
        return w
    }

    func phoneFree(_ phone: String, except id: String? = nil) throws {
        if store.whatsapp.values.contains(where: { $0.phoneNumber == phone && $0.id != id && $0.deletedAt == nil }) {
            throw EmulatorError(status: 400, code: "whatsapp.phonenumber.in.use", message: "\(phone) is already used by another integration")
        }
    }

    func contentId(_ body: Value) throws -> String? {
        guard let id = body["supportedContent"]?["id"]?.stringValue else { return nil }
        guard store.supportedContent[id] != nil else { throw EmulatorError.bad("supported content \(id) does not exist", field: "supportedContent.id") }
        return id
    }

    mutating func createSupportedContent(_ body: Value) throws -> GenesysEmulatorStore.SupportedContent {
        guard let name = body["name"]?.stringValue, !name.isEmpty else { throw EmulatorError.bad("name is required", field: "name") }
        if store.supportedContent.values.contains(where: { $0.name == name }) {
            throw EmulatorError(status: 409, code: "conflict", message: "supported content '\(name)' already exists")
        }
        let allow = body["mediaTypes"]?["allow"]
        let sc = GenesysEmulatorStore.SupportedContent(
            id: store.newId(), name: name, inbound: Self.types(allow?["inbound"]), outbound: Self.types(allow?["outbound"]), version: 1)
        store.supportedContent[sc.id] = sc
        return sc
    }

    mutating func importNumber(_ body: Value) throws -> GenesysEmulatorStore.SMSNumber {
        guard let phone = body["phoneNumber"]?.stringValue, let type = body["phoneNumberType"]?.stringValue,
            let country = body["countryCode"]?.stringValue, let integration = body["integrationId"]?.stringValue
        else { throw EmulatorError.bad("phoneNumber, phoneNumberType, countryCode and integrationId are required", field: "phoneNumber") }
        guard ["local", "mobile", "tollfree", "shortcode"].contains(type) else { throw EmulatorError.bad("bad phoneNumberType", field: "phoneNumberType") }
        guard store.integrations[integration] != nil else { throw EmulatorError.bad("integration \(integration) does not exist", field: "integrationId") }
        if type == "shortcode" && body["compliance"] == nil {
            throw EmulatorError.bad("compliance is required for short codes", field: "compliance")
        }
        sweep()
        if store.numbers.values.contains(where: { $0.phoneNumber == phone }) {
            throw EmulatorError(status: 400, code: "sms.phonenumber.already.exists", message: "\(phone) is already in the inventory")
        }
        let n = GenesysEmulatorStore.SMSNumber(
            id: store.newId(), phoneNumber: phone, phoneNumberType: type, countryCode: country, integrationId: integration,
            supportedContentId: try contentId(body), compliance: body["compliance"], version: 1, action: "Create", actionAt: now)
        store.numbers[n.id] = n
        return n
    }

    func parseResponse(_ body: Value, id: String) throws -> GenesysEmulatorStore.Response {
        guard let name = body["name"]?.stringValue, let libs = body["libraries"]?.listValue, !libs.isEmpty,
            let text = body["texts"]?.listValue?.first?["content"]?.stringValue
        else { throw EmulatorError.bad("name, libraries and texts are required", field: "texts") }
        let ids = libs.compactMap { $0["id"]?.stringValue }
        for l in ids where store.libraries[l] == nil { throw EmulatorError.bad("library \(l) does not exist", field: "libraries") }
        let wa = body["messagingTemplate"]?["whatsApp"]
        guard let waName = wa?["name"]?.stringValue, let language = wa?["language"]?.stringValue else {
            throw EmulatorError.bad("messagingTemplate.whatsApp name and language are required", field: "messagingTemplate.whatsApp")
        }
        return GenesysEmulatorStore.Response(
            id: id, name: name, libraryIds: ids, text: text,
            contentType: body["texts"]?.listValue?.first?["contentType"]?.stringValue ?? "text/plain",
            responseType: body["responseType"]?.stringValue ?? "MessagingTemplate", whatsAppName: waName, language: language,
            namespace: wa?["namespace"]?.stringValue, version: 0)
    }

    static func types(_ v: Value?) -> [String] { (v?.listValue ?? []).compactMap { $0["type"]?.stringValue } }

    static func digests(_ v: Value?) -> [String: String] {
        (v?.objectValue ?? [:]).mapValues { Digest.sha256Hex($0.stringValue ?? $0.jsonText) }
    }

    static let twilioType: Value = [
        "id": "byo-sms-twilio", "name": "BYO SMS - Twilio", "provider": "twilio", "vendorName": "Twilio",
        "description": "Bring your own Twilio SMS", "maxInstances": 10, "nonInstallable": false,
        "credentials": ["twilio": ["required": true, "title": "Twilio account", "credentialTypes": ["twilioSmsCredential"]]],
    ]

    // MARK: - Wire mapping

    func page(_ all: [Value], _ query: [String: String]) -> Value {
        let size = max(1, min(500, Int(query["pageSize"] ?? "") ?? 25))
        let number = max(1, Int(query["pageNumber"] ?? "") ?? 1)
        let count = max(1, (all.count + size - 1) / size)
        let slice = Array(all.dropFirst((number - 1) * size).prefix(size))
        var v: [String: Value] = [
            "entities": .list(slice), "pageSize": .int(size), "pageNumber": .int(number), "total": .int(all.count),
            "pageCount": .int(count),
        ]
        if number < count { v["nextUri"] = .string("?pageSize=\(size)&pageNumber=\(number + 1)") }
        return .object(v)
    }

    func supportedContent(_ s: GenesysEmulatorStore.SupportedContent) -> Value {
        func types(_ l: [String]) -> Value { .list(l.map { ["type": .string($0)] }) }
        return [
            "id": .string(s.id), "name": .string(s.name), "version": .int(s.version),
            "mediaTypes": ["allow": ["inbound": types(s.inbound), "outbound": types(s.outbound)]],
            "selfUri": .string("/api/v2/conversations/messaging/supportedcontent/\(s.id)"),
        ]
    }

    func whatsApp(_ w: GenesysEmulatorStore.WhatsApp) -> Value {
        var v: [String: Value] = ["id": .string(w.id), "name": .string(w.name), "version": .int(w.version)]
        if let p = w.phoneNumber { v["phoneNumber"] = .string(p) }
        if let sc = w.supportedContentId {
            v["supportedContent"] = ["id": .string(sc), "name": .string(store.supportedContent[sc]?.name ?? "")]
        }
        let created = now >= w.createdAt + delay
        v["createStatus"] = created ? "Completed" : "Initiated"
        if created && w.flow == "embeddedSignup" {
            v["availablePhoneNumbers"] = ["entities": [["name": "Meta", "phoneNumber": .string(w.phoneNumber ?? "+15550100000"), "status": "Available"]]]
            v["whatsAppBusinessAccountId"] = .string("waba-" + w.id.suffix(6))
        }
        let status: String
        if let d = w.deletedAt, now < d + delay {
            status = "Deleting"
        } else if let a = w.activatedAt {
            status = now >= a + delay ? "Active" : "Starting"
            v["activationStatusCode"] = "CodeConfirmed"
        } else if let c = w.codeRequestedAt {
            status = "Inactive"
            v["activationStatusCode"] = now >= c + delay / 2 ? "CodeSent" : "WaitRequired"
        } else {
            status = "Incomplete"
        }
        v["status"] = .string(status)
        return .object(v)
    }

    func integration(_ i: GenesysEmulatorStore.Integration) -> Value {
        let settled = now >= i.intendedAt + delay
        let code = i.intendedState == "ENABLED" ? (settled ? "ACTIVE" : "ACTIVATING") : (settled ? "INACTIVE" : "DEACTIVATING")
        return [
            "id": .string(i.id), "name": .string(i.name),
            "integrationType": ["id": .string(i.typeId), "name": "BYO SMS - Twilio"],
            "intendedState": .string(i.intendedState),
            "reportedState": ["code": .string(code), "effective": .string(code.capitalized)],
            "config": ["current": ["id": .string(i.id), "version": .int(i.configVersion)]],
            "selfUri": .string("/api/v2/integrations/\(i.id)"),
        ]
    }

    func config(_ i: GenesysEmulatorStore.Integration) -> Value {
        [
            "name": .string(i.name), "version": .int(i.configVersion), "properties": .object(i.properties),
            "advanced": .object(i.advanced), "notes": "",
            "credentials": .object(i.credentials.mapValues { ["id": .string($0)] }),
        ]
    }

    func credential(_ c: GenesysEmulatorStore.Credential) -> Value {
        // Sensitive fields are never returned.
        ["id": .string(c.id), "name": .string(c.name), "type": ["name": .string(c.typeName)]]
    }

    func provisioning(_ n: GenesysEmulatorStore.SMSNumber) -> String {
        now >= n.actionAt + delay ? "Completed" : "Running"
    }

    func number(_ n: GenesysEmulatorStore.SMSNumber) -> Value {
        var v: [String: Value] = [
            "id": .string(n.id), "name": .string(n.phoneNumber), "phoneNumber": .string(n.phoneNumber),
            "phoneNumberType": .string(n.phoneNumberType), "countryCode": .string(n.countryCode),
            "integration": ["id": .string(n.integrationId)], "provisionedThroughPureCloud": false,
            "capabilities": n.phoneNumberType == "shortcode" ? ["sms"] : ["sms", "mms"], "version": .int(n.version),
            "phoneNumberStatus": provisioning(n) == "Completed" && n.action != "Delete" ? "ACTIVE" : "INITIATED",
            "provisioningStatus": ["action": .string(n.action), "state": .string(provisioning(n)), "version": .int(n.version)],
        ]
        if let sc = n.supportedContentId { v["supportedContent"] = ["id": .string(sc)] }
        if let c = n.compliance { v["compliance"] = c }
        return .object(v)
    }

    func record(_ host: String, _ contents: String, _ d: GenesysEmulatorStore.Domain) -> Value {
        ["host": .string(host), "recordContents": .string(contents), "verificationStatus": d.verified ? "Verified" : "Pending"]
    }

    func domain(_ d: GenesysEmulatorStore.Domain) -> Value {
        let status: Value = d.verified ? "VERIFIED" : "PENDING"
        return [
            "id": .string(d.id), "name": .string(d.id), "senderType": .string(d.senderType),
            "cnameVerificationResult": ["status": status, "records": []],
            "dkimVerificationResult": ["status": status, "records": []],
            "selfUri": .string("/api/v2/routing/email/outbound/domains/\(d.id)"),
        ]
    }

    func domainResult(_ d: GenesysEmulatorStore.Domain) -> Value {
        [
            "domainName": .string(d.id), "senderType": .string(d.senderType),
            "senderStatus": now >= d.createdAt + delay ? "Provisioned" : "RequestReceived",
            "dnsCnameBounceRecord": record("bounce.\(d.id)", "bounce.mypurecloud.example.", d),
            "dnsTxtSendingRecord": record(d.id, "v=spf1 include:spf.mypurecloud.example ~all", d),
        ]
    }

    func response(_ r: GenesysEmulatorStore.Response) -> Value {
        var wa: [String: Value] = ["name": .string(r.whatsAppName), "language": .string(r.language)]
        if let ns = r.namespace { wa["namespace"] = .string(ns) }
        return [
            "id": .string(r.id), "name": .string(r.name), "version": .int(r.version),
            "libraries": .list(r.libraryIds.map { ["id": .string($0)] }),
            "texts": [["content": .string(r.text), "contentType": .string(r.contentType)]],
            "responseType": .string(r.responseType), "messagingTemplate": ["whatsApp": .object(wa)],
        ]
    }
}
