import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which artifact and evidence references name files of the board's repository, and what
/// those files hold.
///
/// **The repository** is the git work tree holding the board (the nearest folder above it,
/// itself included, with a `.git` entry), or the board directory when it is in no git work
/// tree. A relative reference is read relative to the board directory first, then relative to
/// the repository's top (the same when the board is the top); either way it must stay inside
/// the repository.
///
/// **Local or external.** A reference is *local* when it names a file or folder that exists
/// in the repository: the reference itself (`evals/UC-0002/report.html`), or, when it has a
/// version after its last `@`, the part before it (`prompts/prefill.md@v7` names
/// `prompts/prefill.md`). Anything else — a URL or any `scheme:` name, a registry name such
/// as `models/form-prefill@1.4.0` that is no path in the tree — is *external*: recorded by
/// name and never checked.
///
/// **Refused** (nothing is recorded): a path that leaves the repository (`..` above its top,
/// an absolute path outside it), one that passes through or ends at a symbolic link (none is
/// followed, wherever it points), one inside `.git`, a FIFO, socket, device or unreadable
/// file, and a file over the size limit (`GitObjectID.Limits`).
package struct LocalReferences: Sendable {
    /// The repository's top folder (absolute, symbolic links resolved).
    package let top: String
    /// The board directory's components below `top` ([] when the board is the top).
    package let base: [String]
    package var limits: GitObjectID.Limits
    /// `base` joined, with a trailing `/` ("" when the board is the top).
    let basePrefix: String

    /// What a reference is.
    package enum Resolution: Equatable, Sendable {
        case external
        /// `path`: relative to the repository's top; `id`: git's blob (or tree) id.
        case local(path: String, id: String, isTree: Bool)
    }

    package init(top: String, base: [String] = [], limits: GitObjectID.Limits = GitObjectID.Limits()) {
        self.top = top
        self.base = base
        self.limits = limits
        basePrefix = base.isEmpty ? "" : base.joined(separator: "/") + "/"
    }

    /// The repository holding the board at `board`.
    package init(board: String, limits: GitObjectID.Limits = GitObjectID.Limits()) {
        let start = URL(fileURLWithPath: board).resolvingSymlinksInPath().path
        var dir = start
        var found: String?
        while true {
            var st = stat()
            if lstat(dir + (dir == "/" ? "" : "/") + ".git", &st) == 0 { found = dir; break }
            let parent = URL(fileURLWithPath: dir).deletingLastPathComponent().path
            if parent == dir || dir == "/" { break }
            dir = parent
        }
        let top = found ?? start
        let base = start == top ? [] : start.dropFirst(top == "/" ? 1 : top.count + 1).split(separator: "/").map(String.init)
        self.init(top: top, base: base, limits: limits)
    }

    /// Whether `ref` reads as a URL or a `scheme:` name (`https://…`, `vendor:notetaker`).
    static func hasScheme(_ ref: String) -> Bool {
        guard let colon = ref.firstIndex(of: ":"), colon != ref.startIndex else { return false }
        let scheme = ref[..<colon]
        return scheme.first!.isASCII && scheme.first!.isLetter
            && scheme.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".") }
    }

    /// The path candidates `ref` may name, relative to the top: the reference, then the part
    /// before its last `@`. Throws for a path that leaves the repository.
    func candidates(_ ref: String) throws(GitObjectID.Failure) -> [[String]] {
        if ref.isEmpty || Self.hasScheme(ref) { return [] }
        var texts = [ref]
        if let at = ref.lastIndex(of: "@"), at != ref.startIndex, !ref[ref.index(after: at)...].contains("/") {
            texts.append(String(ref[..<at]))
        }
        // Relative to the board directory first, then to the repository's top; a reading that
        // leaves the repository is no candidate, and when every reading leaves, it is refused.
        var out: [[String]] = []
        var refusal: GitObjectID.Failure?
        for text in texts {
            for start in (base.isEmpty || text.hasPrefix("/") ? [[]] : [base, []]) {
                do { out.append(try components(text, ref: ref, start: start)) } catch { refusal = refusal ?? error }
            }
        }
        if out.isEmpty, let refusal { throw refusal }
        return out
    }

    /// The normalised components of one path text below the top, read from `start`.
    func components(_ text: String, ref: String, start: [String] = []) throws(GitObjectID.Failure) -> [String] {
        var relative = Substring(text)
        if text.hasPrefix("/") {
            let prefix = top == "/" ? "/" : top + "/"
            guard text.hasPrefix(prefix) || text == top else {
                throw GitObjectID.Failure(path: ref, reason: "is outside the repository (\(top)); a local reference must be a file in it")
            }
            relative = text.dropFirst(min(prefix.count, text.count))
        }
        var parts: [String] = text.hasPrefix("/") ? [] : start
        for part in relative.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                guard !parts.isEmpty else {
                    throw GitObjectID.Failure(path: ref, reason: "leaves the repository (\(top)); a local reference must be a file in it")
                }
                parts.removeLast()
                continue
            }
            parts.append(String(part))
        }
        if parts.contains(".git") {
            throw GitObjectID.Failure(path: ref, reason: "is inside .git; a local reference must be a file of the work tree")
        }
        return parts
    }

    /// The first path `ref` may name (relative to the top), the one `resolve` tries first.
    func firstCandidate(_ ref: String) -> String? {
        // A plain relative path (no scheme, no `.`, `..`, `.git` or empty component) is its own
        // first candidate below the board directory: no component strings are built for it.
        if Self.isPlain(ref) { return basePrefix + ref }
        return (try? candidates(ref))?.first { !$0.isEmpty }.map { $0.joined(separator: "/") }
    }

    private static let dotGit = Array(".git".utf8)

    /// Whether `ref` is a relative path whose components `components` would keep as they are.
    static func isPlain(_ ref: String) -> Bool {
        var component = 0, dots = 0, git = true
        for byte in ref.utf8 {
            if byte == UInt8(ascii: ":") { return false }
            if byte == UInt8(ascii: "/") {
                if component == 0 || (component == dots && dots <= 2) || (component == 4 && git) { return false }
                component = 0; dots = 0; git = true
                continue
            }
            if component >= 4 || byte != Self.dotGit[component] { git = false }
            if byte == UInt8(ascii: ".") { dots += 1 }
            component += 1
        }
        return !(component == 0 || (component == dots && dots <= 2) || (component == 4 && git))
    }

    /// Whether `ref` is local (and its content id) or external; throws, naming the reference,
    /// when it cannot be recorded.
    package func resolve(_ ref: String, cache: ContentCache? = nil) throws(GitObjectID.Failure) -> Resolution {
        for parts in try candidates(ref) where !parts.isEmpty {
            switch try locate(parts, ref: ref) {
            case .none: continue
            case .some(let (dir, name)):
                defer { close(dir) }
                let path = parts.joined(separator: "/")
                if let cache, let id = cache.id(of: path, in: dir, name: name, limits: limits) {
                    return .local(path: path, id: id, isTree: false)
                }
                let object = try GitObjectID.object(in: dir, name: name, path: path, limits: limits)
                return .local(path: path, id: object.id, isTree: object.isTree)
            }
        }
        return .external
    }

    /// The open folder holding the last of `parts` and its name, or nil when some component
    /// does not exist. A symbolic link on the way is refused.
    func locate(_ parts: [String], ref: String) throws(GitObjectID.Failure) -> (Int32, String)? {
        var fd = open(top, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw GitObjectID.failure(top, errno) }
        for (i, part) in parts.enumerated() {
            let path = parts[...i].joined(separator: "/")
            var st = stat()
            if fstatat(fd, part, &st, AT_SYMLINK_NOFOLLOW) != 0 {
                let code = errno
                close(fd)
                if code == ENOENT || code == ENOTDIR { return nil }
                throw GitObjectID.failure(path, code)
            }
            if st.st_mode & S_IFMT == S_IFLNK {
                let target = BoardDirectory.linkTarget(dir: fd, name: part)
                close(fd)
                throw GitObjectID.Failure(path: path, reason: "is a symbolic link (to \(target)); gateboard follows none")
            }
            if i == parts.count - 1 { return (fd, part) }
            guard st.st_mode & S_IFMT == S_IFDIR else { close(fd); return nil }
            let next = openat(fd, part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            let code = errno
            close(fd)
            guard next >= 0 else { throw GitObjectID.failure(path, code) }
            fd = next
        }
        return nil
    }
}
