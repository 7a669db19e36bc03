import Foundation
import SwitchboardModel

/// The embedded simulated platform: one instance per platform connection (name and type), over a shared
/// `SandboxStore`. It maps each resource kind onto the world's vendor-level operations, waits for asynchronous
/// states as a live adapter polls them, and reads objects back in the shape of `Resource.attributes`.
public struct SandboxPlatform: Platform {
    /// The connection name (`genesys`).
    public let name: String
    /// The platform type this connection simulates.
    public let type: PlatformType
    /// Where the world lives.
    public let store: SandboxStore
    /// Delays of asynchronous states and polling.
    public let timing: SandboxTiming

    /// Creates a sandbox platform for one connection.
    public init(name: String, type: PlatformType, store: SandboxStore, timing: SandboxTiming = .standard) {
        self.name = name
        self.type = type
        self.store = store
        self.timing = timing
    }

    // MARK: - Platform

    /// Reads a managed object; nil when it no longer exists (or is being deleted).
    /// - Throws: `PlatformError` for file problems.
    public func read(_ state: ResourceState) async throws -> RemoteObject? {
        let type = state.attributes["type"]?.stringValue
        return try await store.transact { world, _ in
            observe(world, kind: state.kind, integrationType: type, id: state.remoteId, fallback: state.attributes)
        }
    }

    /// Finds an object by its natural key (phone number, short code, domain, name).
    /// - Throws: `PlatformError` for file problems.
    public func find(_ resource: Resource) async throws -> RemoteObject? {
        let key = resource.naturalKey
        let kind = resource.kind
        let itype = resource.integrationType?.rawValue
        let fallback = resource.attributes
        return try await store.transact { world, _ in
            guard let id = locate(world, resource: resource, key: key) else { return nil }
            return observe(world, kind: kind, integrationType: itype, id: id, fallback: fallback)
        }
    }

    /// Creates the object and waits for it to leave any provisioning state. A WhatsApp integration with a
    /// certificate is left `awaiting-verification` after its code is sent to the outbox.
    /// - Throws: `PlatformError` with the vendor's code.
    public func create(_ request: PlatformRequest) async throws -> RemoteObject {
        let r = request.resource
        let id: String
        switch (type, r.spec) {
        case (.genesysCloud, .contentProfile(let s)):
            id = try await store.transact { w, now in
                try w.createSupportedContent(
                    org: name, name: r.name, inbound: s.inbound, outbound: s.outbound, extends: s.extends, now: now
                ).id
            }
        case (.genesysCloud, .integration(.whatsapp(let spec))):
            return try await createWhatsApp(request, spec)
        case (.genesysCloud, .integration(.twilioSMS(let spec))):
            let token = try secret(request, "authToken")
            id = try await store.transact { w, now in
                try w.createTwilioSMSIntegration(
                    org: name, name: r.name, accountSid: spec.accountSid, authToken: token, region: spec.region,
                    enabled: spec.enabled, now: now, timing: timing
                ).id
            }
            try await waitIntegrationSettled(id, request.progress)
        case (.genesysCloud, .integration(.agentlessEmail(let e))):
            id = try await store.transact { w, now in
                try w.createOutboundDomain(
                    org: name, name: r.name, domain: e.domain, fromAddress: e.fromAddress, displayName: e.displayName,
                    rateLimitPerMinute: e.rateLimitPerMinute, enabled: e.enabled, now: now, timing: timing
                ).id
            }
            try await waitUntil("senderStatus Provisioned for \(e.domain)", request.progress) { w in
                guard let d = w.genesys[name]?.outboundDomains[id] else { throw gone(r.address) }
                return d.senderStatus == "Provisioned"
            }
        case (.genesysCloud, .number(let n)):
            let integrationId = try reference(request, Address(.integration, n.integration))
            let contentId = try n.contentProfile.map { try reference(request, Address(.contentProfile, $0)) }
            guard n.type != .whatsapp else {
                throw PlatformError(
                    code: "invalid.value", message: "a WhatsApp number cannot be imported into the SMS inventory")
            }
            let importRequest = SandboxSmsImport(
                name: r.name, phoneNumber: n.type == .shortcode ? n.shortcode : n.phoneNumber,
                phoneNumberType: n.type.rawValue, countryCode: n.country, integrationId: integrationId,
                compliance: n.compliance.map(Self.compliance), supportedContentId: contentId)
            id = try await store.transact { w, now in
                try w.importSmsPhoneNumber(org: name, importRequest, now: now, timing: timing).id
            }
            try await waitUntil("provisioningStatus Completed for \(n.sender)", request.progress) { w in
                guard let p = w.genesys[name]?.smsPhoneNumbers[id] else { throw gone(r.address) }
                if p.provisioningStatus.state == "Failed" {
                    throw PlatformError(
                        code: "sms.phonenumber.provisioning.failed", message: p.provisioningStatus.error ?? "failed")
                }
                return p.provisioningStatus.state == "Completed"
            }
        case (.genesysCloud, .template(let t)):
            id = try await store.transact { w, now in
                let ids = try w.createResponses(
                    org: name, template: r.name, channel: t.channel.rawValue, category: t.category?.rawValue,
                    namespace: t.namespace, defaultLanguage: t.defaultLanguage,
                    localizations: t.localizations.map { ($0.language, $0.text) }, subject: t.subject, body: t.body,
                    agentless: t.agentless, now: now)
                guard let first = ids.first else {
                    throw PlatformError(code: "invalid.value", message: "a WhatsApp template needs a localization")
                }
                return first
            }
        case (.dynamics365, .integration(.twilioWhatsApp(let spec))):
            let token = try secret(request, "authToken")
            id = try await store.transact { w, now in
                try w.createDynamicsWhatsAppAccount(
                    org: name, name: r.name, accountSid: spec.accountSid, authToken: token, now: now
                ).msdyn_ocwhatsappchannelaccountid
            }
        case (.dynamics365, .number(let n)):
            let accountId = try reference(request, Address(.integration, n.integration))
            guard n.type == .whatsapp, let phone = n.phoneNumber else {
                throw PlatformError(
                    code: "invalid.value", message: "a Dynamics 365 WhatsApp account takes numbers of type whatsapp")
            }
            id = try await store.transact { w, now in
                try w.addDynamicsWhatsAppNumber(
                    org: name, name: r.name, accountId: accountId, phoneNumber: phone, country: n.country, now: now
                ).msdyn_ocwhatsappchannelnumberid
            }
        case (.dynamics365, .template(let t)):
            id = try await store.transact { w, now in
                try w.createDynamicsSystemMessage(
                    org: name, name: r.name, channel: t.channel.rawValue, category: t.category?.rawValue,
                    namespace: t.namespace, defaultLanguage: t.defaultLanguage,
                    localizations: t.localizations.map { ($0.language, $0.text) }, subject: t.subject, body: t.body,
                    agentless: t.agentless, now: now, timing: timing
                ).msdyn_ocsystemmessageid
            }
            try await waitUntil("template approval of \(r.name)", request.progress) { w in
                guard let m = w.dynamics[name]?.systemMessages[id] else { throw gone(r.address) }
                return m.approvalStatus == "approved"
            }
        case (.dynamics365, .workstream(let ws)):
            let numberIds = try ws.numbers.map { try reference(request, Address(.number, $0)) }
            let templateIds = try ws.templates.map { try reference(request, Address(.template, $0)) }
            id = try await store.transact { w, now in
                try w.createDynamicsWorkstream(
                    org: name, name: r.name, channel: ws.channel.rawValue, numberIds: numberIds,
                    templateIds: templateIds, language: ws.language, customerAttachments: ws.fileAttachments.customer,
                    agentAttachments: ws.fileAttachments.agent, now: now
                ).msdyn_liveworkstreamid
            }
        default:
            throw unsupported(r)
        }
        return try await observed(r, id)
    }

    /// Changes fields that can change in place, and completes activations (a verification code, or activating an
    /// integration created with `enabled: false`). Refuses a change to a field that cannot change in place with
    /// `field.immutable`.
    /// - Throws: `PlatformError` with the vendor's code.
    public func update(_ request: PlatformRequest, remoteId: String) async throws -> RemoteObject {
        let r = request.resource
        let itype = r.integrationType?.rawValue
        let fallback = request.prior?.attributes ?? r.attributes
        guard
            let current = try await store.transact({ w, _ in
                observe(w, kind: r.kind, integrationType: itype, id: remoteId, fallback: fallback)
            })
        else { throw gone(r.address) }
        try checkMutable(r, current: current, changes: request.changes)
        let id = remoteId
        switch (type, r.spec) {
        case (.genesysCloud, .contentProfile(let s)):
            _ = try await store.transact { w, now in
                try w.updateSupportedContent(
                    org: name, id: id, inbound: s.inbound, outbound: s.outbound, extends: s.extends, now: now)
            }
        case (.genesysCloud, .integration(.whatsapp(let spec))):
            return try await updateWhatsApp(request, spec, id: id)
        case (.genesysCloud, .integration(.twilioSMS(let spec))):
            let token = request.secrets["authToken"]
            _ = try await store.transact { w, now in
                if let token, w.genesys[name]?.integrations[id]?.credentialFingerprint != SandboxWorld.fingerprint(token) {
                    try w.updateTwilioSMSCredential(org: name, id: id, authToken: token)
                }
                let before = w.genesys[name]?.integrations[id]?.intendedState
                _ = try w.setTwilioSMSIntegrationState(org: name, id: id, enabled: spec.enabled, now: now, timing: timing)
                if before == "ENABLED" && !spec.enabled {
                    let numbers = w.genesys[name]?.smsPhoneNumbers.values.filter { $0.integration.id == id } ?? []
                    for n in numbers.sorted(by: { $0.phoneNumber < $1.phoneNumber }) {
                        request.progress("number \(n.phoneNumber) disabled with integration \(r.name)")
                    }
                }
            }
            try await waitIntegrationSettled(id, request.progress)
        case (.genesysCloud, .integration(.agentlessEmail(let e))):
            _ = try await store.transact { w, now in
                try w.updateOutboundDomain(
                    org: name, id: id, fromAddress: e.fromAddress, displayName: e.displayName,
                    rateLimitPerMinute: e.rateLimitPerMinute, enabled: e.enabled, now: now)
            }
        case (.genesysCloud, .number(let n)):
            let contentId = try n.contentProfile.map { try reference(request, Address(.contentProfile, $0)) }
            _ = try await store.transact { w, now in
                try w.updateSmsPhoneNumber(org: name, id: id, supportedContentId: contentId, now: now)
            }
        case (.genesysCloud, .template(let t)):
            try await store.transact { w, now in
                try w.updateResponses(org: name, id: id, subject: t.subject, body: t.body, agentless: t.agentless, now: now)
            }
        case (.dynamics365, .integration(.twilioWhatsApp)):
            if let token = request.secrets["authToken"] {
                try await store.transact { w, _ in
                    try w.updateDynamicsWhatsAppAccountToken(org: name, id: id, authToken: token)
                }
            }
        case (.dynamics365, .number):
            break
        case (.dynamics365, .template(let t)):
            _ = try await store.transact { w, now in
                try w.updateDynamicsSystemMessage(
                    org: name, id: id, subject: t.subject, body: t.body, agentless: t.agentless, now: now)
            }
        case (.dynamics365, .workstream(let ws)):
            let numberIds = try ws.numbers.map { try reference(request, Address(.number, $0)) }
            let templateIds = try ws.templates.map { try reference(request, Address(.template, $0)) }
            _ = try await store.transact { w, _ in
                try w.updateDynamicsWorkstream(
                    org: name, id: id, numberIds: numberIds, templateIds: templateIds, language: ws.language,
                    customerAttachments: ws.fileAttachments.customer, agentAttachments: ws.fileAttachments.agent)
            }
        default:
            throw unsupported(r)
        }
        return try await observed(r, id, fallback: fallback)
    }

    /// Deletes the object and waits until it is gone. Deleting a twilio-sms integration removes its numbers;
    /// deleting a billed WhatsApp integration records a full month in the ledger.
    /// - Throws: `PlatformError` with the vendor's code (`supportedcontent.in.use` ...).
    public func delete(_ state: ResourceState) async throws {
        let id = state.remoteId
        let itype = state.attributes["type"]?.stringValue
        switch (type, state.kind, itype) {
        case (.genesysCloud, .contentProfile, _):
            try await store.transact { w, _ in try w.deleteSupportedContent(org: name, id: id) }
        case (.genesysCloud, .integration, "whatsapp"?):
            try await store.transact { w, now in w.deleteWhatsApp(org: name, id: id, now: now, timing: timing) }
            try await waitUntil("WhatsApp integration \(state.name) to be deleted", { _ in }) { w in
                w.genesys[name]?.whatsAppIntegrations[id] == nil
            }
        case (.genesysCloud, .integration, "twilio-sms"?):
            try await store.transact { w, now in
                _ = w.deleteTwilioSMSIntegration(org: name, id: id, now: now, timing: timing)
            }
            try await waitUntil("integration \(state.name) to be deleted", { _ in }) { w in
                w.genesys[name]?.integrations[id] == nil
            }
        case (.genesysCloud, .integration, "agentless-email"?):
            try await store.transact { w, _ in w.deleteOutboundDomain(org: name, id: id) }
        case (.genesysCloud, .number, _):
            try await store.transact { w, now in w.deleteSmsPhoneNumber(org: name, id: id, now: now, timing: timing) }
            try await waitUntil("number \(state.name) to leave the inventory", { _ in }) { w in
                w.genesys[name]?.smsPhoneNumbers[id] == nil
            }
        case (.genesysCloud, .template, _):
            try await store.transact { w, _ in w.deleteResponses(org: name, id: id) }
        case (.dynamics365, .integration, _):
            try await store.transact { w, _ in w.deleteDynamicsWhatsAppAccount(org: name, id: id) }
        case (.dynamics365, .number, _):
            try await store.transact { w, _ in w.deleteDynamicsWhatsAppNumber(org: name, id: id) }
        case (.dynamics365, .template, _):
            try await store.transact { w, _ in w.deleteDynamicsSystemMessage(org: name, id: id) }
        case (.dynamics365, .workstream, _):
            try await store.transact { w, _ in w.deleteDynamicsWorkstream(org: name, id: id) }
        default:
            throw PlatformError(
                code: "sandbox.unsupported",
                message: "the sandbox \(type.rawValue) platform '\(name)' holds no \(state.kind.rawValue) objects")
        }
    }

    // MARK: - WhatsApp

    private func createWhatsApp(_ request: PlatformRequest, _ spec: WhatsAppIntegration) async throws -> RemoteObject {
        let r = request.resource
        let contentId = try spec.contentProfile.map { try reference(request, Address(.contentProfile, $0)) }
        switch spec.onboarding {
        case .embeddedSignup:
            let token = try secret(request, "onboarding.embeddedSignupToken")
            let id = try await store.transact { w, now in
                try w.createWhatsAppEmbeddedSignup(
                    org: name, name: r.name, embeddedSignupAccessToken: token, supportedContentId: contentId, now: now,
                    timing: timing
                ).id
            }
            try await waitCreateCompleted(id, request.progress)
            if spec.enabled { try await activateEmbedded(request, spec, id: id) }
            return try await observed(r, id)
        case .certificate(_, let issued, let verification):
            let certificate = try secret(request, "onboarding.certificate")
            let issuedDate = try issued.map { text -> Date in
                guard let d = SandboxDates.parse(text) else {
                    throw PlatformError(code: "invalid.value", message: "certificateIssued '\(text)' is not a date")
                }
                return d
            }
            let id = try await store.transact { w, now in
                try w.createWhatsAppCertificate(
                    org: name, name: r.name, phoneNumber: spec.phoneNumber, wabaCertificate: certificate,
                    certificateIssued: issuedDate, supportedContentId: contentId, now: now
                ).id
            }
            if spec.enabled { try await sendCode(request, id: id, verification) }
            return try await observed(r, id)
        }
    }

    private func updateWhatsApp(
        _ request: PlatformRequest, _ spec: WhatsAppIntegration, id: String
    ) async throws -> RemoteObject {
        let r = request.resource
        let contentId = try spec.contentProfile.map { try reference(request, Address(.contentProfile, $0)) }
        let w0 = try await store.transact { w, now in
            if w.genesys[name]?.whatsAppIntegrations[id]?.supportedContent?.id != contentId {
                _ = try w.updateWhatsApp(org: name, id: id, supportedContentId: contentId, now: now)
            }
            return w.genesys[name]?.whatsAppIntegrations[id]
        }
        guard let current = w0 else { throw gone(r.address) }
        if !spec.enabled {
            if ["Active", "Starting"].contains(current.status) {
                _ = try await store.transact { w, now in try w.deactivateWhatsApp(org: name, id: id, now: now) }
            }
            return try await observed(r, id, fallback: request.prior?.attributes ?? r.attributes)
        }
        switch spec.onboarding {
        case .embeddedSignup:
            if current.status != "Active" {
                if current.createStatus != "Completed" { try await waitCreateCompleted(id, request.progress) }
                try await activateEmbedded(request, spec, id: id)
            }
        case .certificate(_, _, let verification):
            if let code = request.verificationCode {
                _ = try await store.transact { w, now in
                    try w.confirmWhatsAppActivationCode(org: name, id: id, code: code, now: now, timing: timing)
                }
                request.progress("activation code confirmed; the integration is pending")
                try await waitActive(id, pending: true, request.progress)
            } else if current.status == "Starting" {
                try await waitActive(id, pending: true, request.progress)
            } else if current.status != "Active" {
                let sent = current.activationStatusCode == "CodeSent"
                if sent, let expires = current.activationCodeExpiresAt {
                    request.progress(
                        "an activation code was sent to \(spec.phoneNumber) and is valid until "
                            + "\(SandboxDates.format(expires)); see `switchboard sandbox outbox`")
                } else {
                    try await sendCode(request, id: id, verification)
                }
            }
        }
        return try await observed(r, id, fallback: request.prior?.attributes ?? r.attributes)
    }

    private func activateEmbedded(_ request: PlatformRequest, _ spec: WhatsAppIntegration, id: String) async throws {
        let pin = try secret(request, "onboarding.pin")
        _ = try await store.transact { w, now in
            try w.activateWhatsAppEmbeddedSignup(
                org: name, id: id, phoneNumber: spec.phoneNumber, pin: pin, now: now, timing: timing)
        }
        try await waitActive(id, pending: false, request.progress)
    }

    private func sendCode(_ request: PlatformRequest, id: String, _ method: VerificationMethod) async throws {
        let message = try await store.transact { w, now in
            try w.requestWhatsAppActivationCode(org: name, id: id, method: OutboxChannel(rawValue: method.rawValue) ?? .sms, now: now)
        }
        request.progress(
            "activation code sent by \(method.rawValue) to \(message.to), valid for 10 minutes (see `switchboard sandbox "
                + "outbox`); then run `switchboard apply --verification-code \(request.resource.address)=CODE`")
    }

    private func waitCreateCompleted(_ id: String, _ progress: @escaping @Sendable (String) -> Void) async throws {
        try await waitUntil("createStatus Completed", progress) { w in
            guard let i = w.genesys[name]?.whatsAppIntegrations[id] else {
                throw PlatformError(code: "not.found", message: "the WhatsApp integration disappeared", status: 404)
            }
            if i.createStatus == "Error" {
                throw PlatformError(code: "whatsapp.create.failed", message: i.createError ?? "embedded signup failed")
            }
            return i.createStatus == "Completed"
        }
    }

    private func waitActive(_ id: String, pending: Bool, _ progress: @escaping @Sendable (String) -> Void) async throws {
        try await waitUntil(pending ? "status Active (pending)" : "status Active", progress) { w in
            guard let i = w.genesys[name]?.whatsAppIntegrations[id] else {
                throw PlatformError(code: "not.found", message: "the WhatsApp integration disappeared", status: 404)
            }
            if i.status == "Failed" {
                throw PlatformError(
                    code: "whatsapp.activation.failed",
                    message: i.activationErrorInfo ?? "the activation failed: \(SandboxRules.failedAdvice)")
            }
            return i.status == "Active"
        }
    }

    private func waitIntegrationSettled(_ id: String, _ progress: @escaping @Sendable (String) -> Void) async throws {
        try await waitUntil("reportedState to match intendedState", progress) { w in
            guard let i = w.genesys[name]?.integrations[id] else {
                throw PlatformError(code: "not.found", message: "the integration disappeared", status: 404)
            }
            return i.settlesAt == nil
        }
    }

    // MARK: - Waiting

    /// Polls the world (advanced on every look) until `done` holds, with progress lines; bounded by
    /// `timing.waitTimeout` real seconds.
    private func waitUntil(
        _ what: String, _ progress: @escaping @Sendable (String) -> Void,
        _ done: @escaping (SandboxWorld) throws -> Bool
    ) async throws {
        let start = Date()
        var lastReport = start
        var announced = false
        while true {
            if try await store.transact({ w, _ in try done(w) }) { return }
            if !announced {
                progress("waiting for \(what) ...")
                announced = true
            }
            if Date().timeIntervalSince(start) > timing.waitTimeout {
                throw PlatformError(
                    code: "sandbox.wait.timeout",
                    message: "still waiting for \(what) after \(Int(timing.waitTimeout)) seconds", retryable: true)
            }
            if Date().timeIntervalSince(lastReport) >= 5 {
                progress("still waiting for \(what) (\(Int(Date().timeIntervalSince(start))) s)")
                lastReport = Date()
            }
            try await Task.sleep(nanoseconds: UInt64(max(timing.pollInterval, 0.001) * 1_000_000_000))
        }
    }

    // MARK: - Helpers

    private func observed(_ r: Resource, _ id: String, fallback: [String: Value]? = nil) async throws -> RemoteObject {
        let itype = r.integrationType?.rawValue
        let attrs = fallback ?? r.attributes
        guard
            let o = try await store.transact({ w, _ in
                observe(w, kind: r.kind, integrationType: itype, id: id, fallback: attrs)
            })
        else { throw gone(r.address) }
        return o
    }

    private func secret(_ request: PlatformRequest, _ path: String) throws -> String {
        guard let value = request.secrets[path], !value.isEmpty else {
            throw PlatformError(
                code: "sandbox.secret.missing",
                message: "the value of secret field '\(path)' of \(request.resource.address) was not provided")
        }
        return value
    }

    private func reference(_ request: PlatformRequest, _ address: Address) throws -> String {
        guard let id = request.references[address] else {
            throw PlatformError(
                code: "sandbox.reference.unresolved",
                message: "\(request.resource.address) refers to \(address), which has no remote id yet")
        }
        return id
    }

    private func unsupported(_ r: Resource) -> PlatformError {
        PlatformError(
            code: "sandbox.unsupported",
            message: "the sandbox \(type.rawValue) platform '\(name)' cannot hold \(r.address) "
                + "(\(r.integrationType.map { "type \($0.rawValue)" } ?? r.kind.rawValue))")
    }

    private func gone(_ address: Address) -> PlatformError {
        PlatformError(code: "not.found", message: "\(address) no longer exists on platform '\(name)'", status: 404)
    }

    static func compliance(_ c: Compliance) -> SandboxCompliance {
        func s(_ r: ComplianceRule) -> [SandboxKeywordSetting] {
            [SandboxKeywordSetting(keyword: r.keywords, response: .init(message: r.message))]
        }
        return SandboxCompliance(stopSettings: s(c.optOut), optInSettings: s(c.optIn), helpSettings: s(c.help))
    }

    /// Refuses changes to fields that cannot change in place: those the plan marked as forcing replacement, and
    /// attributes that differ from the platform's object where `ReplacementRules.forcesReplacement` says so.
    private func checkMutable(_ r: Resource, current: RemoteObject, changes: [FieldChange]) throws {
        let itype = r.integrationType?.rawValue
        let desired = r.attributes
        var paths = Set(changes.filter(\.forcesReplacement).map(\.path))
        for key in Set(desired.keys).union(current.attributes.keys)
        where desired[key] != current.attributes[key]
            && ReplacementRules.forcesReplacement(kind: r.kind, type: itype, path: key)
        {
            paths.insert(key)
        }
        let immutable = paths.sorted()
        if let first = immutable.first {
            throw PlatformError(
                code: "field.immutable",
                message: "\(r.address): '\(first)' cannot change in place on \(type.rawValue); the object must be "
                    + "replaced (deleted and created again)",
                status: 400)
        }
    }
}

// MARK: - Wiring

extension SandboxPlatform {
    /// Sandbox platforms for every sandbox connection of `project` (by connection name), over one store at
    /// `<directory of statePath>/sandbox.json`, with the clock and speed the environment asks for.
    /// - Throws: `sandbox.clock.invalid` when a clock variable cannot be parsed.
    public static func forProject(
        _ project: Project, statePath: String,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> [String: SandboxPlatform] {
        let clock = try SandboxClock.fromEnvironment(environment)
        let timing = SandboxTiming.fromEnvironment(environment, clock: clock)
        let store = SandboxStore(path: SandboxStore.path(besideState: statePath), clock: clock)
        var platforms: [String: SandboxPlatform] = [:]
        for (name, connection) in project.platforms where connection.isSandbox {
            platforms[name] = SandboxPlatform(name: name, type: connection.type, store: store, timing: timing)
        }
        return platforms
    }
}
