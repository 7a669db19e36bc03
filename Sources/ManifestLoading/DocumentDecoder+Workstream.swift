import SwitchboardModel

extension DocumentDecoder {
    /// Workstream: routing for a channel on Dynamics 365.
    mutating func decodeWorkstream(_ node: YNode, into r: DecodedResource) -> ResourceSpec? {
        let f = fields(
            node, path: "spec", known: ["platform", "channel", "numbers", "language", "fileAttachments", "templates"],
            what: "Workstream spec")
        readPlatform(f, into: r)
        let channel = enumValue(f, "channel", allowed: Channel.allCases.map(\.rawValue), required: true)
            .flatMap(Channel.init(rawValue:))
        r.workstreamChannel = channel
        let numbers = refList(f["numbers"], kind: .number, role: .workstreamNumber, path: f.child("numbers"), into: r)
        let templates = refList(
            f["templates"], kind: .template, role: .workstreamTemplate, path: f.child("templates"), into: r)
        var language: String?
        if let n = f["language"], let l = string(n, path: f.child("language")) {
            if Locales.isValidBCP47(l) {
                language = l
            } else {
                report(.invalidBCP47(l, quoted: shown(n, l)), at: n.location, path: f.child("language"))
            }
        } else if f["language"] == nil {
            missing(f, "language", hint: "a BCP-47 tag such as en-US")
        }
        var attachments = FileAttachments()
        if let n = f["fileAttachments"],
           let a = mapping(n, path: f.child("fileAttachments"), known: ["customer", "agent"], what: "fileAttachments") {
            attachments.customer = bool(a, "customer") ?? false
            attachments.agent = bool(a, "agent") ?? false
        }
        guard let channel, let language else { return nil }
        return .workstream(WorkstreamSpec(
            channel: channel, numbers: numbers, language: language, fileAttachments: attachments, templates: templates))
    }
}
