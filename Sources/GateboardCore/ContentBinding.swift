import Foundation

/// Approvals bound to what was reviewed: the content of local artifacts.
///
/// When an artifact's reference names a file (or folder) of the board's repository, its git
/// object id is recorded beside it, in `artifacts` under the companion key `<name>#blob`:
/// the file's blob id (`git hash-object`), or `tree:` and the folder's tree id. The companion
/// entries are part of the material basis, so the material digest (version 2) covers
/// content, and every approval and rejection records the content ids in its `basis`.
/// Use cases recorded before carry no companion entries: their basis, digest and approvals
/// are unchanged, and their logs replay byte for byte.
///
/// On read, each recorded id is replaced by the id of what is on disk now (`observing`):
/// an approval given on other content no longer matches the basis and is void, in words
/// (`voidReason`): "prompts/prefill.md changed since approval (blob 3f2a1c9 → 9b0d4e1)".
public enum ContentBinding {
    public static let suffix = "#blob"
    /// What an observation records for a local file that is gone.
    public static let missing = "missing"

    public static func key(_ name: String) -> String { name + suffix }
    public static func isKey(_ key: String) -> Bool { key.hasSuffix(suffix) }
    public static func artifact(ofKey key: String) -> String { String(key.dropLast(suffix.count)) }

    /// The artifact names of a map, without the companion entries.
    public static func names(_ artifacts: [String: String]) -> [String] {
        artifacts.keys.filter { !isKey($0) }.sorted()
    }

    /// Whether `value` is a recorded content id: 40 lower-case hex digits, or `tree:` and them.
    public static func isObjectID(_ value: String) -> Bool {
        let hex = value.hasPrefix("tree:") ? value.dropFirst(5) : Substring(value)
        return hex.utf8.count == 40 && hex.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }
    }

    /// "blob 3f2a1c9" / "tree 9b0d4e1" / "missing".
    public static func short(_ value: String?) -> String {
        guard let value else { return "not recorded" }
        if value == missing { return "missing" }
        if value.hasPrefix("tree:") { return "tree " + value.dropFirst(5).prefix(7) }
        return "blob " + value.prefix(7)
    }

    /// "blob 3f2a1c9 → 9b0d4e1" (the kind said once when both are blobs), "blob 3f2a1c9 → missing".
    public static func transition(_ old: String?, _ new: String?) -> String {
        if let old, let new, isObjectID(old), isObjectID(new), !old.hasPrefix("tree:"), !new.hasPrefix("tree:") {
            return "blob \(old.prefix(7)) → \(new.prefix(7))"
        }
        return "\(short(old)) → \(short(new))"
    }

    /// The path a reference names: the part before a last `@version` when the whole is not it.
    /// `recorded` is the reference as recorded; the store's resolution decides which it was.
    public static func path(of ref: String) -> String {
        if let at = ref.lastIndex(of: "@"), at != ref.startIndex, !ref[ref.index(after: at)...].contains("/") {
            return String(ref[..<at])
        }
        return ref
    }

    /// Why an approval given on `old` is void on `new`: plain changes ("prompt changed after
    /// approval") and content changes ("prompts/prefill.md changed since approval (blob a → b)"),
    /// a content change of an artifact whose reference also changed told once.
    public static func voidReason(from old: [String: String], to new: [String: String]) -> String {
        let changed = Set(old.keys).union(new.keys).filter { old[$0] != new[$0] }
        let plain = changed.filter { !isKey($0) }
        var parts: [String] = []
        if !plain.isEmpty || changed.isEmpty {
            parts.append(ApprovalCount.changeDescription(from: old.filter { plain.contains($0.key) },
                                                         to: new.filter { plain.contains($0.key) }) + " after approval")
        }
        for key in changed.filter(isKey).sorted() where !plain.contains(artifact(ofKey: key)) {
            let ref = new[artifact(ofKey: key)] ?? old[artifact(ofKey: key)] ?? artifact(ofKey: key)
            let path = path(of: ref)
            if new[key] == missing {
                parts.append("\(path) is missing (\(short(old[key])) at approval)")
            } else if old[key] == nil {
                parts.append("\(path) changed since approval (its content was recorded after it: \(short(new[key])))")
            } else {
                parts.append("\(path) changed since approval (\(transition(old[key], new[key])))")
            }
        }
        return parts.joined(separator: "; ")
    }
}

/// One local artifact compared with what is on disk.
public struct ContentCheck: Equatable, Sendable {
    public enum State: String, Sendable { case ok, drifted, missing, external }
    public var name: String
    public var ref: String
    /// The id recorded with the reference (nil: external).
    public var recorded: String?
    /// The id of what is on disk now (nil: external, or `ContentBinding.missing`).
    public var current: String?
    public var state: State
    public init(name: String, ref: String, recorded: String?, current: String?) {
        self.name = name
        self.ref = ref
        self.recorded = recorded
        self.current = current
        if recorded == nil { state = .external }
        else if current == ContentBinding.missing || current == nil { state = .missing }
        else { state = recorded == current ? .ok : .drifted }
    }

    /// "prompts/prefill.md changed since it was recorded (blob 3f2a1c9 → 9b0d4e1)".
    public var problem: String? {
        let path = ContentBinding.path(of: ref)
        switch state {
        case .ok, .external: return nil
        case .missing: return "\(path) is missing (\(ContentBinding.short(recorded)) recorded)"
        case .drifted: return "\(path) changed since it was recorded (\(ContentBinding.transition(recorded, current)))"
        }
    }
}

extension UseCase {
    /// Each artifact compared with `current` (companion key → the id on disk now, or
    /// `ContentBinding.missing`), in name order.
    public func contentChecks(current: [String: String]) -> [ContentCheck] {
        ContentBinding.names(artifacts).map { name in
            let key = ContentBinding.key(name)
            return ContentCheck(name: name, ref: artifacts[name]!, recorded: artifacts[key], current: current[key])
        }
    }

    /// The use case as found on disk: each recorded content id replaced by the current one, so
    /// approvals given on other content are void. Never recorded; only read.
    public func observing(_ current: [String: String]) -> UseCase {
        var uc = self
        for (key, value) in current where uc.artifacts[key] != nil { uc.artifacts[key] = value }
        return uc
    }
}

extension UseCase {
    /// The local artifacts' references and recorded content ids, in name order, then local
    /// evidence's (`EvidenceContent`): what a read compares with the disk.
    public var recordedContent: [RecordedContent] {
        contentChecks(current: [:]).compactMap { c in c.recorded.map { RecordedContent(name: c.name, ref: c.ref, id: $0) } }
            + evidenceItems.compactMap { i in i.evidence.hash.map { RecordedContent(name: "evidence " + i.control, ref: i.evidence.ref, id: $0) } }
    }
}

/// One local artifact's reference and the content id recorded with it.
public struct RecordedContent: Equatable, Sendable {
    public var name: String
    public var ref: String
    public var id: String
    public init(name: String, ref: String, id: String) {
        self.name = name
        self.ref = ref
        self.id = id
    }
}
