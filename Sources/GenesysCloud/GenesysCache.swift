import Foundation
import PlatformKit
import SwitchboardModel

/// What one adapter (one command) has learnt from listings, so that what one object needs from a listing is looked
/// up once per command, not once per object: the names of referenced objects by id, the BYO Twilio SMS integration
/// type, and the index of the WhatsApp template library.
///
/// The adapter keeps it current with its own writes (a created response is added, a deleted one removed); a change
/// made outside Switchboard during one command is seen by the next command. Looks that must be fresh (recovering
/// after an unknown outcome) bypass it.
actor GenesysCache {
    /// The WhatsApp templates of the Switchboard library: responses by template (Meta) name, then language.
    struct TemplateIndex: Sendable {
        /// The library's id; nil while the library does not exist.
        var library: String?
        /// `messagingTemplate.whatsApp.name` -> language -> the response.
        var responses: [String: [String: Value]]
    }

    /// Names by `path/id`.
    private var names: [String: String] = [:]
    /// The collections whose every name is in `names`.
    private var listed: Set<String> = []
    private var twilioType: GenesysCloudPlatform.TwilioType?
    private var templates: TemplateIndex?
    private var buildingTemplates: Task<TemplateIndex, Error>?
    private var creatingLibrary: Task<String, Error>?

    // MARK: - Names

    /// The name of the object at `path/id` when known.
    func name(_ path: String, _ id: String) -> String? { names[path + "/" + id] }

    /// Records the name of the object at `path/id`.
    func setName(_ path: String, _ id: String, _ name: String) { names[path + "/" + id] = name }

    /// True when every name of `path` was recorded from a listing.
    func isListed(_ path: String) -> Bool { listed.contains(path) }

    /// Records the names of a whole listing of `path`.
    func setListing(_ path: String, _ entities: [Value]) {
        for v in entities {
            if let id = v["id"]?.stringValue, let name = v["name"]?.stringValue { names[path + "/" + id] = name }
        }
        listed.insert(path)
    }

    // MARK: - The BYO Twilio SMS type

    /// The type found earlier in this command.
    func cachedTwilioType() -> GenesysCloudPlatform.TwilioType? { twilioType }

    /// Records the type.
    func setTwilioType(_ t: GenesysCloudPlatform.TwilioType) { twilioType = t }

    // MARK: - Templates

    /// The template index, built by `build` the first time it is needed (once, however many ask at the same time).
    /// - Throws: what `build` throws (the next caller builds again).
    func templateIndex(_ build: @escaping @Sendable () async throws -> TemplateIndex) async throws -> TemplateIndex {
        if let templates { return templates }
        let task = buildingTemplates ?? Task { try await build() }
        buildingTemplates = task
        do {
            let built = try await task.value
            buildingTemplates = nil
            if templates == nil { templates = built }
            return templates ?? built
        } catch {
            buildingTemplates = nil
            throw error
        }
    }

    /// The library's id: the index's, else made by `create`, once however many creates ask at the same time (two
    /// templates created in parallel into an organization without the library must not make two libraries).
    /// - Throws: what `create` throws (the next caller tries again).
    func library(orCreate create: @escaping @Sendable () async throws -> String) async throws -> String {
        if let id = templates?.library { return id }
        let task = creatingLibrary ?? Task { try await create() }
        creatingLibrary = task
        do {
            let id = try await task.value
            creatingLibrary = nil
            templates?.library = id
            return id
        } catch {
            creatingLibrary = nil
            throw error
        }
    }

    /// Records a response created or replaced by this command (or found after an unknown outcome).
    func setResponse(_ template: String, _ language: String, _ response: Value) {
        templates?.responses[template, default: [:]][language] = response
    }

    /// Forgets a response deleted by this command.
    func removeResponse(_ template: String, _ language: String) {
        templates?.responses[template]?.removeValue(forKey: language)
        if templates?.responses[template]?.isEmpty == true { templates?.responses[template] = nil }
    }
}
