import HummingbirdAuth
import QamqorEngine

/// What a caller of the service may do. `caseworker` decides, `committee` ranks, `policy` reads
/// the rules' status (and, later, drafts and publishes), `auditor` reads the audit log.
public enum Role: String, CaseIterable, Hashable, Sendable, Codable {
    case caseworker, committee, policy, auditor

    /// The role as the user's language names it.
    var label: Localized {
        switch self {
        case .caseworker: Localized("role.label.caseworker")
        case .committee: Localized("role.label.committee")
        case .policy: Localized("role.label.policy")
        case .auditor: Localized("role.label.auditor")
        }
    }
}

/// Who is calling: the name from the token file (written into audit rows) and the roles it holds.
public struct Caller: RoleProviding, Sendable, Equatable {
    public let name: String
    public let roles: Set<Role>

    public init(name: String, roles: Set<Role>) { self.name = name; self.roles = roles }

    /// The single user of a workstation service (no `--auth`, bound to loopback): every role but
    /// `auditor`, whose reading of the audit log always needs a token.
    public static let workstation = Caller(name: "local", roles: [.caseworker, .committee, .policy])
}
