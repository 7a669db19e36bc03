import Foundation
import PlatformKit
import SwitchboardModel

/// Integration `whatsapp` <-> `/api/v2/conversations/messaging/integrations/whatsapp`.
extension GenesysCloudPlatform {
    static func whatsAppStatus(_ v: Value) -> ResourceStatus {
        let status = v["status"]?.stringValue ?? ""
        switch status {
        case "Active": return .active
        case "Starting": return .pending
        case "Error", "Failed", "DeletionFailed": return .error
        case "Deleting": return .deleting
        default: break
        }
        if v["createStatus"]?.stringValue == "Initiated" { return .provisioning }
        if v["createStatus"]?.stringValue == "Error" { return .error }
        switch v["activationStatusCode"]?.stringValue {
        case "CodeSent", "ResendCode": return .awaitingVerification
        case "CodeConfirmed", "WaitRequired": return .pending
        default: return .incomplete
        }
    }

    func whatsAppObject(_ v: Value, fallback: [String: Value], resource: Address?) async throws -> RemoteObject {
        var a: [String: Value] = [:]
        a[.type] = .string(IntegrationType.whatsapp.rawValue)
        a[.phoneNumber] = v["phoneNumber"]?.stringValue.map(Value.string) ?? fallback[.phoneNumber]
        // Enabled once activation was asked for: active, starting, or a verification code sent or confirmed.
        let activating = ["CodeSent", "ResendCode", "CodeConfirmed", "WaitRequired"]
            .contains(v["activationStatusCode"]?.stringValue ?? "")
        a[.enabled] = .bool(["Active", "Starting"].contains(v["status"]?.stringValue ?? "") || activating)
        if let cp = try await name(
            at: Paths.supportedContent, id: v["supportedContent"]?["id"]?.stringValue, resource: resource)
        {
            a[.contentProfile] = .string(cp)
        }
        if let onboarding = fallback[.onboarding] { a[.onboarding] = onboarding }
        var outputs: [String: Value] = [:]
        if let waba = v["whatsAppBusinessAccountId"]?.stringValue { outputs["whatsAppBusinessAccountId"] = .string(waba) }
        return RemoteObject(
            remoteId: v["id"]?.stringValue ?? "", status: Self.whatsAppStatus(v), attributes: a, outputs: outputs,
            naturalKey: a[.phoneNumber]?.stringValue, name: v["name"]?.stringValue)
    }

    func readWhatsApp(_ state: ResourceState) async throws -> RemoteObject? {
        guard let v = try await client.getIfExists(Paths.whatsapp + "/" + state.remoteId, resource: state.address),
            v["status"]?.stringValue != "Deleting"
        else { return nil }
        return try await whatsAppObject(v, fallback: state.attributes, resource: state.address)
    }

    func findWhatsAppValue(_ resource: Resource) async throws -> Value? {
        try await findWhatsAppValues(resource).first
    }

    /// The WhatsApp integrations with the resource's phone number (or, for one whose number is not shown yet, its
    /// name), not being deleted.
    func findWhatsAppValues(_ resource: Resource) async throws -> [Value] {
        guard case .integration(.whatsapp(let w)) = resource.spec else { return [] }
        let all = try await client.getAll(Paths.whatsapp, resource: resource.address)
        return all.filter {
            ($0["phoneNumber"]?.stringValue == w.phoneNumber || $0["name"]?.stringValue == resource.name)
                && $0["status"]?.stringValue != "Deleting"
        }
    }

    func findWhatsApp(_ resource: Resource) async throws -> [RemoteObject] {
        var found: [RemoteObject] = []
        for v in try await findWhatsAppValues(resource) {
            found.append(try await whatsAppObject(v, fallback: resource.attributes, resource: resource.address))
        }
        return found
    }

    func createWhatsApp(_ request: PlatformRequest, _ w: WhatsAppIntegration) async throws -> RemoteObject {
        let r = request.resource
        var body: Value = ["name": .string(r.name)]
        if let cp = w.contentProfile {
            body = merge(body, ["supportedContent": ["id": .string(try await referenceId(request, Address(.contentProfile, cp)))]])
        }
        let path: String
        let secrets: [String]
        switch w.onboarding {
        case .embeddedSignup:
            let token = try secret(request, .onboardingEmbeddedSignupToken)
            body = merge(body, ["embeddedSignupAccessToken": .string(token)])
            path = Paths.whatsapp + "/embeddedsignup"
            secrets = [token]
        case .certificate:
            let certificate = try secret(request, .onboardingCertificate)
            body = merge(body, ["phoneNumber": .string(w.phoneNumber), "wabaCertificate": .string(certificate)])
            path = Paths.whatsapp
            secrets = [certificate]
        }
        let created = try await unsafeCall(r.address) {
            try await client.send("POST", path, body: body, safe: false, resource: r.address, secrets: secrets)
        } recover: {
            try await findWhatsAppValue(r)
        }
        guard let id = created["id"]?.stringValue else {
            throw PlatformError(code: "genesys.response", message: "\(r.address): the create reply has no id", request: "POST \(path)")
        }
        var current = created
        if case .embeddedSignup = w.onboarding {
            current = try await waitForCreate(id, r.address, request.progress)
        }
        if w.enabled {
            current = try await activate(request, w, id: id)
        }
        return try await whatsAppObject(current, fallback: r.attributes, resource: r.address)
    }

    private func waitForCreate(_ id: String, _ address: Address, _ progress: @Sendable (String) -> Void) async throws -> Value {
        let v = try await client.poll(
            Paths.whatsapp + "/" + id, resource: address, waitingFor: "createStatus Completed", progress: progress
        ) { v in
            guard let v else { return false }
            if v["createStatus"]?.stringValue == "Error" {
                throw PlatformError(
                    code: v["createError"]?["code"]?.stringValue ?? "whatsapp.create-error",
                    message: "\(address): embedded signup failed: "
                        + (v["createError"]?["message"]?.stringValue ?? "createStatus Error"),
                    request: "GET \(Paths.whatsapp)/\(id)")
            }
            return v["createStatus"]?.stringValue != "Initiated"
        }
        return v ?? .null
    }

    /// Activates an integration: embedded signup PATCHes the phone number and PIN; the certificate flow requests a
    /// verification code (and stops at `awaiting-verification`) or, given the code, confirms it.
    func activate(_ request: PlatformRequest, _ w: WhatsAppIntegration, id: String) async throws -> Value {
        let address = request.resource.address
        let path = Paths.whatsapp + "/" + id
        switch w.onboarding {
        case .embeddedSignup:
            let pin = try secret(request, .onboardingPin)
            let body: Value = ["phoneNumber": .string(w.phoneNumber), "pin": .string(pin), "name": .string(address.name)]
            _ = try await unsafeCall(address) {
                try await client.send(
                    "PATCH", Paths.whatsapp + "/embeddedsignup/" + id, body: body, safe: false, resource: address,
                    secrets: [pin])
            } recover: {
                let v = try await client.getIfExists(path, resource: address)
                return v?["phoneNumber"]?.stringValue == w.phoneNumber && v?["status"]?.stringValue != "Incomplete" ? v : nil
            }
            return try await waitForActive(path, address, request.progress)
        case .certificate(_, _, let verification):
            if let code = request.verificationCode {
                let body: Value = ["action": "Confirm", "confirmationCode": .string(code)]
                try await client.send("PATCH", path, body: body, safe: true, resource: address, secrets: [code])
                return try await waitForActive(path, address, request.progress)
            }
            let body: Value = [
                "action": "Activate", "authenticationMethod": verification == .voice ? "Voice" : "Sms",
                "phoneNumber": .string(w.phoneNumber),
            ]
            try await client.send("PATCH", path, body: body, safe: true, resource: address)
            let v = try await client.poll(
                path, resource: address, waitingFor: "activationStatusCode CodeSent", progress: request.progress
            ) { v in
                let code = v?["activationStatusCode"]?.stringValue
                if code == "ActivationFailed" {
                    throw PlatformError(
                        code: "whatsapp.activation-failed",
                        message: "\(address): activation failed: "
                            + (v?["activationErrorInfo"]?["message"]?.stringValue ?? "ActivationFailed"),
                        request: "PATCH \(path)")
                }
                return code == "CodeSent" || v?["status"]?.stringValue == "Active"
            }
            request.progress("a verification code was sent by \(verification.rawValue) to \(w.phoneNumber); "
                + "run apply --verification-code \(address)=CODE"
                + (verification == .voice ? Self.voiceAdvice : ""))
            return v ?? .null
        }
    }

    /// What the operator must do while a code comes by voice call (DESIGN.md 5.2).
    static let voiceAdvice =
        "; the code comes by a voice call: route the number to a person while the call comes (an IVR cannot hear it)"

    /// Polls until the integration is `Active`. One still pending when the poll gives up is reported with the
    /// platform's advice (DESIGN.md 5.2): the next `plan --refresh` proposes the replacement once it has failed.
    private func waitForActive(_ path: String, _ address: Address, _ progress: @Sendable (String) -> Void) async throws -> Value {
        do {
            return try await pollActive(path, address, progress)
        } catch var e as PlatformError where e.code == "genesys.timeout" {
            e.message += "; the activation is still pending: if it stays pending past the platform's few minutes, the "
                + "vendor's advice is to delete the integration and start again (plan --refresh then proposes it); "
                + "no new code is needed"
            throw e
        }
    }

    private func pollActive(_ path: String, _ address: Address, _ progress: @Sendable (String) -> Void) async throws -> Value {
        let v = try await client.poll(path, resource: address, waitingFor: "status Active", progress: progress) { v in
            let status = v?["status"]?.stringValue
            if status == "Error" || status == "Failed" || v?["activationStatusCode"]?.stringValue == "ConfirmationFailed" {
                throw PlatformError(
                    code: "whatsapp.activation-failed",
                    message: "\(address): activation ended in \(status ?? "ConfirmationFailed"); delete the integration "
                        + "and start again", request: "GET \(path)")
            }
            return status == "Active"
        }
        return v ?? .null
    }

    func updateWhatsApp(_ request: PlatformRequest, _ w: WhatsAppIntegration, remoteId: String) async throws -> RemoteObject {
        let address = request.resource.address
        let path = Paths.whatsapp + "/" + remoteId
        // The name is the display name: a move (the resource renamed, `prior` under the old name) sends it.
        let renamed = request.prior.map { $0.name != address.name } ?? false
        if request.changes.contains(where: { $0.path == Field.contentProfile.path }) || request.changes.isEmpty
            || renamed
        {
            var body: Value = ["name": .string(address.name)]
            if let cp = w.contentProfile {
                body = merge(body, ["supportedContent": ["id": .string(try await referenceId(request, Address(.contentProfile, cp)))]])
            }
            try await client.send("PATCH", path, body: body, safe: true, resource: address)
        }
        guard var current = try await client.getIfExists(path, resource: address) else {
            throw PlatformError(code: "not.found", message: "\(address): the integration no longer exists", request: "GET \(path)", status: 404)
        }
        let active = current["status"]?.stringValue == "Active"
        if w.enabled && !active {
            current = try await activate(request, w, id: remoteId)
        } else if !w.enabled && active {
            throw PlatformError(
                code: "whatsapp.deactivate",
                message: "\(address): Genesys Cloud cannot deactivate an active WhatsApp integration; delete it instead")
        }
        return try await whatsAppObject(current, fallback: request.resource.attributes, resource: address)
    }

    func deleteWhatsApp(_ state: ResourceState) async throws {
        try await deleteAndWait(Paths.whatsapp + "/" + state.remoteId, state.address, failedStatus: "DeletionFailed")
    }

    func merge(_ a: Value, _ b: Value) -> Value {
        var o = a.objectValue ?? [:]
        for (k, v) in b.objectValue ?? [:] { o[k] = v }
        return .object(o)
    }
}
