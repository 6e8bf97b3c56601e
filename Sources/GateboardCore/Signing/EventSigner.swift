import Crypto
import Foundation

/// Signs an event's payload for an action (signed decisions): returns an SSHSIG signature in
/// namespace `gateboard`, binary or armored. The store then checks that the key is the
/// actor's; the signer only finds a key. A signer that cannot sign throws a `Refusal` with
/// code `unsigned` and the steps to fix it.
public protocol EventSigner: Sendable {
    func sign(_ payload: [UInt8], actor: PersonID, policy: Policy) throws -> [UInt8]
}

/// Signs in process with an Ed25519 private key (tests, the bench, the sample's generator):
/// the same SSHSIG bytes `ssh-keygen -Y sign` writes for that key.
public struct InProcessSigner: EventSigner {
    public let key: Curve25519.Signing.PrivateKey

    public init(key: Curve25519.Signing.PrivateKey) { self.key = key }

    /// A fresh random key (tests, the bench).
    public static func random() -> InProcessSigner { InProcessSigner(key: Curve25519.Signing.PrivateKey()) }

    /// The key from its 32-byte seed.
    public init(seed: [UInt8]) throws { key = try Curve25519.Signing.PrivateKey(rawRepresentation: seed) }

    /// The binary SSHSIG blob of `message` in `namespace` (tests sign other namespaces with it).
    public func sshsig(_ message: [UInt8], namespace: String = "gateboard") -> [UInt8] {
        Self.sshsig(message, namespace: namespace, key: key, publicKey: publicKey)
    }

    /// The public key in the policy's form (`ssh-ed25519 AAAA…`).
    public var publicKey: SSHPublicKey {
        var w = SSHWireWriter()
        w.string(Array("ssh-ed25519".utf8))
        w.string(Array(key.publicKey.rawRepresentation))
        // A blob built from a valid key always parses.
        return try! SSHPublicKey(blob: w.out)
    }

    public func sign(_ payload: [UInt8], actor _: PersonID, policy _: Policy) throws -> [UInt8] {
        Self.sshsig(payload, namespace: "gateboard", key: key, publicKey: publicKey)
    }

    /// The binary SSHSIG blob (PROTOCOL.sshsig) of `message`, hash sha512.
    public static func sshsig(_ message: [UInt8], namespace: String, key: Curve25519.Signing.PrivateKey,
                              publicKey: SSHPublicKey) -> [UInt8] {
        let data = SSHSignature.signedData(message: message, namespace: namespace, hashAlgorithm: "sha512")!
        let raw = Array(try! key.signature(for: data))
        var sig = SSHWireWriter()
        sig.string(Array("ssh-ed25519".utf8))
        sig.string(raw)
        var w = SSHWireWriter()
        w.bytes(SSHSignature.magic)
        w.uint32(1)
        w.string(publicKey.blob)
        w.string(Array(namespace.utf8))
        w.string([])
        w.string(Array("sha512".utf8))
        w.string(sig.out)
        return w.out
    }
}

extension SSHSignature {
    /// The armored form `ssh-keygen -Y sign` writes (70 base64 characters a line).
    public static func armor(_ blob: [UInt8]) -> String {
        let b64 = Data(blob).base64EncodedString()
        var lines = ["-----BEGIN SSH SIGNATURE-----"]
        var i = b64.startIndex
        while i < b64.endIndex {
            let j = b64.index(i, offsetBy: 70, limitedBy: b64.endIndex) ?? b64.endIndex
            lines.append(String(b64[i..<j]))
            i = j
        }
        lines.append("-----END SSH SIGNATURE-----")
        return lines.joined(separator: "\n") + "\n"
    }
}
