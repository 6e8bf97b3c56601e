import Crypto
import Foundation

/// An OpenSSH public key as a person lists it in the policy: `ssh-ed25519 AAAA… comment` or
/// `ecdsa-sha2-nistp256 AAAA… comment`. Anything else is refused with the reason.
public struct SSHPublicKey: Equatable, Hashable, Sendable {
    public enum Kind: String, Sendable { case ed25519 = "ssh-ed25519", ecdsaP256 = "ecdsa-sha2-nistp256" }
    public var kind: Kind
    /// The key's wire-format blob (what the base64 field decodes to).
    public var blob: [UInt8]
    /// The raw key: 32 bytes for Ed25519, the 65-byte uncompressed point for P-256.
    public var raw: [UInt8]

    public struct ParseError: Error, Equatable, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Parses one `authorized_keys`-style line (type, base64, optional comment).
    public init(line: String) throws(ParseError) {
        let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard fields.count >= 2 else { throw ParseError(message: "not an OpenSSH public key line (expected `ssh-ed25519 AAAA… comment`)") }
        guard let kind = Kind(rawValue: fields[0]) else {
            throw ParseError(message: "key type \(fields[0].prefix(40)) is not accepted: use ssh-ed25519 (or ecdsa-sha2-nistp256)")
        }
        guard let data = Data(base64Encoded: fields[1]) else { throw ParseError(message: "the key's base64 is malformed") }
        try self.init(blob: [UInt8](data))
        guard self.kind == kind else {
            throw ParseError(message: "the line says \(kind.rawValue) but the key inside is \(self.kind.rawValue)")
        }
    }

    /// Parses a wire-format public key blob.
    public init(blob: [UInt8]) throws(ParseError) {
        var r = SSHWireReader(blob)
        guard let type = r.string().flatMap({ String(bytes: $0, encoding: .utf8) }) else {
            throw ParseError(message: "the key is truncated")
        }
        switch type {
        case Kind.ed25519.rawValue:
            guard let key = r.string(), key.count == 32, r.atEnd else { throw ParseError(message: "the Ed25519 key is truncated or has extra bytes") }
            kind = .ed25519
            raw = key
        case Kind.ecdsaP256.rawValue:
            guard let curve = r.string(), curve == Array("nistp256".utf8), let q = r.string(), q.count == 65, q.first == 4, r.atEnd else {
                throw ParseError(message: "the ECDSA P-256 key is truncated or malformed")
            }
            guard (try? P256.Signing.PublicKey(x963Representation: q)) != nil else {
                throw ParseError(message: "the ECDSA P-256 key is not a point on the curve")
            }
            kind = .ecdsaP256
            raw = q
        default:
            throw ParseError(message: "key type \(type.prefix(40)) is not accepted: use ssh-ed25519 (or ecdsa-sha2-nistp256)")
        }
        self.blob = blob
    }

    /// `ssh-ed25519 AAAA…` (no comment): the form `allowed_signers` and the policy use.
    public var text: String { kind.rawValue + " " + Data(blob).base64EncodedString() }

    /// `SHA256:…` as `ssh-keygen -l` prints it.
    public var fingerprint: String {
        let digest = Data(SHA256.hash(data: blob)).base64EncodedString()
        return "SHA256:" + digest.replacingOccurrences(of: "=", with: "")
    }
}

/// An SSH signature in OpenSSH's `SSHSIG` format (PROTOCOL.sshsig): what
/// `ssh-keygen -Y sign -n NAMESPACE` writes, checked here in process (swift-crypto) for
/// Ed25519 and ECDSA P-256 keys.
public struct SSHSignature: Equatable, Sendable {
    public var publicKey: SSHPublicKey
    public var namespace: String
    public var hashAlgorithm: String
    /// The signature blob (`string format, string signature`).
    public var signature: [UInt8]

    public struct Invalid: Error, Equatable, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    static let magic = Array("SSHSIG".utf8)

    /// Parses the armored form (`-----BEGIN SSH SIGNATURE-----` … `-----END SSH SIGNATURE-----`).
    public init(armored: String) throws(Invalid) {
        let lines = armored.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let begin = lines.firstIndex(of: "-----BEGIN SSH SIGNATURE-----"),
              let end = lines.firstIndex(of: "-----END SSH SIGNATURE-----"), begin < end else {
            throw Invalid(message: "not an armored SSH signature (-----BEGIN SSH SIGNATURE-----)")
        }
        guard let data = Data(base64Encoded: lines[(begin + 1)..<end].joined()) else {
            throw Invalid(message: "the signature's base64 is malformed")
        }
        try self.init(blob: [UInt8](data))
    }

    /// Parses the binary form.
    public init(blob: [UInt8]) throws(Invalid) {
        guard blob.count > 10, Array(blob.prefix(6)) == Self.magic else { throw Invalid(message: "not an SSHSIG signature (bad magic)") }
        var r = SSHWireReader(Array(blob.dropFirst(6)))
        guard let version = r.uint32(), version == 1 else { throw Invalid(message: "unsupported SSHSIG version") }
        guard let key = r.string(), let ns = r.string(), let reserved = r.string(), let hash = r.string(),
              let sig = r.string(), r.atEnd else {
            throw Invalid(message: "the signature is truncated or has extra bytes")
        }
        _ = reserved
        do { publicKey = try SSHPublicKey(blob: key) } catch { throw Invalid(message: "the signing key: \(error.message)") }
        guard let namespace = String(bytes: ns, encoding: .utf8), let hashAlgorithm = String(bytes: hash, encoding: .utf8) else {
            throw Invalid(message: "the namespace or hash name is not text")
        }
        self.namespace = namespace
        self.hashAlgorithm = hashAlgorithm
        self.signature = sig
    }

    /// What the key signed: the SSHSIG preamble, namespace, reserved, hash name and H(message).
    public static func signedData(message: [UInt8], namespace: String, hashAlgorithm: String) -> [UInt8]? {
        let digest: [UInt8]
        switch hashAlgorithm {
        case "sha512": digest = Array(SHA512.hash(data: message))
        case "sha256": digest = Array(SHA256.hash(data: message))
        default: return nil
        }
        var w = SSHWireWriter()
        w.bytes(magic)
        w.string(Array(namespace.utf8))
        w.string([])
        w.string(Array(hashAlgorithm.utf8))
        w.string(digest)
        return w.out
    }

    /// Whether this is a valid signature of `message` by its key in `namespace`. The caller
    /// decides whether the key is one it trusts (`publicKey`).
    public func verify(message: [UInt8], namespace expected: String) throws(Invalid) {
        guard namespace == expected else { throw Invalid(message: "signed in namespace \"\(namespace)\", not \"\(expected)\"") }
        guard let data = Self.signedData(message: message, namespace: namespace, hashAlgorithm: hashAlgorithm) else {
            throw Invalid(message: "unsupported hash algorithm \(hashAlgorithm)")
        }
        var r = SSHWireReader(signature)
        guard let format = r.string().flatMap({ String(bytes: $0, encoding: .utf8) }), let sig = r.string(), r.atEnd else {
            throw Invalid(message: "the signature blob is malformed")
        }
        let ok: Bool
        switch publicKey.kind {
        case .ed25519:
            guard format == "ssh-ed25519", sig.count == 64,
                  let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey.raw) else {
                throw Invalid(message: "not an Ed25519 signature")
            }
            ok = key.isValidSignature(sig, for: data)
        case .ecdsaP256:
            var inner = SSHWireReader(sig)
            guard format == "ecdsa-sha2-nistp256", let rInt = inner.string(), let sInt = inner.string(), inner.atEnd,
                  let rr = Self.fixed32(rInt), let ss = Self.fixed32(sInt),
                  let key = try? P256.Signing.PublicKey(x963Representation: publicKey.raw),
                  let ecdsa = try? P256.Signing.ECDSASignature(rawRepresentation: rr + ss) else {
                throw Invalid(message: "not an ECDSA P-256 signature")
            }
            ok = key.isValidSignature(ecdsa, for: data)
        }
        guard ok else { throw Invalid(message: "the signature does not match the signed bytes") }
    }

    /// An SSH mpint as 32 big-endian bytes (a leading zero byte dropped, short values padded).
    static func fixed32(_ mpint: [UInt8]) -> [UInt8]? {
        var v = mpint[...]
        while v.count > 32, v.first == 0 { v = v.dropFirst() }
        guard v.count <= 32 else { return nil }
        return [UInt8](repeating: 0, count: 32 - v.count) + v
    }
}

/// SSH wire format (RFC 4251): uint32 lengths, big-endian.
struct SSHWireReader {
    private let bytes: [UInt8]
    private var offset = 0
    init(_ bytes: [UInt8]) { self.bytes = bytes }
    var atEnd: Bool { offset == bytes.count }

    mutating func uint32() -> UInt32? {
        guard bytes.count - offset >= 4 else { return nil }
        var v: UInt32 = 0
        for k in 0..<4 { v = v << 8 | UInt32(bytes[offset + k]) }
        offset += 4
        return v
    }

    mutating func string() -> [UInt8]? {
        guard let n = uint32(), Int(n) <= bytes.count - offset else { return nil }
        defer { offset += Int(n) }
        return Array(bytes[offset..<(offset + Int(n))])
    }
}

struct SSHWireWriter {
    var out: [UInt8] = []
    mutating func bytes(_ b: [UInt8]) { out += b }
    mutating func uint32(_ v: UInt32) { out += [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
    mutating func string(_ b: [UInt8]) {
        uint32(UInt32(b.count))
        out += b
    }
}
