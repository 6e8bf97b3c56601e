import Crypto
import Foundation

/// The digest an approval (and a rejection) is bound to: a fingerprint of the material
/// basis — the risk tier and every artifact reference.
///
/// **Encoding (version 2, what every new approval records).** The digest is the text `v2:`
/// followed by the lower-case hex SHA-256 of these bytes:
///
///     "gateboard-material-v2\n"
///     then, for each entry in order of its key's UTF-8 bytes:
///         netstring(key) netstring(value)
///
/// where `netstring(s)` is the decimal length of `s` in UTF-8 bytes, `:`, the bytes of `s`,
/// and `,` (`5:model,`). Every entry says how long it is, so no two different maps give the
/// same bytes, whatever characters keys and values hold.
///
/// **Version 1 (approvals recorded before).** A digest without the `v2:` prefix is the
/// SHA-256 hex of the lines `key=value\n` sorted by key. It is ambiguous: a value holding a
/// line break can pose as another entry. An old approval keeps its recorded digest (replaying
/// the log must reproduce the file byte for byte); `binds` judges it with the version it was
/// made with, and `ApprovalCount` also requires its recorded basis to equal the current one,
/// which no line-break trick can fake.
public enum MaterialDigest {
    /// The prefix that tells a version-2 digest from a version-1 one.
    public static let versionPrefix = "v2:"

    /// The version-2 digest of a basis.
    public static func of(_ basis: [String: String]) -> String {
        versionPrefix + SHA256Hex.of(Data(encoding(basis)))
    }

    /// The exact bytes hashed by version 2.
    public static func encoding(_ basis: [String: String]) -> [UInt8] {
        var out = Array("gateboard-material-v2\n".utf8)
        func netstring(_ s: String) {
            let bytes = Array(s.utf8)
            out += Array(String(bytes.count).utf8)
            out.append(UInt8(ascii: ":"))
            out += bytes
            out.append(UInt8(ascii: ","))
        }
        let keys = basis.keys.map { (Array($0.utf8), $0) }.sorted { $0.0.lexicographicallyPrecedes($1.0) }
        for (_, key) in keys {
            netstring(key)
            netstring(basis[key]!)
        }
        return out
    }

    /// The version-1 digest (unprefixed), as approvals made before version 2 recorded it.
    public static func legacy(_ basis: [String: String]) -> String {
        let text = basis.keys.sorted().map { "\($0)=\(basis[$0]!)\n" }.joined()
        return SHA256Hex.of(Data(text.utf8))
    }

    /// Whether a recorded digest (of either version) is the digest of `basis`.
    public static func binds(_ recorded: String, to basis: [String: String]) -> Bool {
        recorded.hasPrefix(versionPrefix) ? recorded == of(basis) : recorded == legacy(basis)
    }

    /// Whether a recorded digest is the digest of `basis`, with `current` (the version-2
    /// digest of `basis`) already computed.
    public static func binds(_ recorded: String, to basis: [String: String], current: String) -> Bool {
        recorded.hasPrefix(versionPrefix) ? recorded == current : recorded == legacy(basis)
    }
}

public enum SHA256Hex {
    public static func of(_ data: Data) -> String {
        hex(SHA256.hash(data: data))
    }

    public static func of<Bytes: ContiguousBytes>(bytes: Bytes) -> String {
        bytes.withUnsafeBytes { raw in hex(SHA256.hash(data: raw)) }
    }

    /// Lower-case hex without a String per byte (hashing whole logs made that the hot spot).
    static func hex(_ digest: SHA256.Digest) -> String {
        let digits: StaticString = "0123456789abcdef"
        return String(unsafeUninitializedCapacity: 64) { out in
            var i = 0
            for b in digest {
                out[i] = digits.utf8Start[Int(b >> 4)]
                out[i + 1] = digits.utf8Start[Int(b & 0xF)]
                i += 2
            }
            return 64
        }
    }

    /// 64 zeros: the `prev` of a log's first event.
    public static let zero = String(repeating: "0", count: 64)
}
