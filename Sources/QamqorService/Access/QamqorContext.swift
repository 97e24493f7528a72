import Hummingbird
import HummingbirdAuth

/// The request context of the service: Hummingbird's core context and the caller, once the
/// token (or the workstation mode) has named one.
public struct QamqorContext: AuthRequestContext, RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var identity: Caller?

    public init(source: Source) {
        coreContext = .init(source: source)
        identity = nil
    }
}

/// Names the caller: with a token table, the owner of the bearer token (none without a valid
/// token); without one (a workstation on loopback), the single local user.
struct TokenAuthenticator: AuthenticatorMiddleware {
    typealias Context = QamqorContext
    let tokens: TokenTable?

    func authenticate(request: Request, context: Context) async throws -> Caller? {
        guard let tokens else { return .workstation }
        guard let bearer = request.headers.bearer else { return nil }
        return tokens.caller(token: bearer.token)
    }
}

/// A request whose caller lacks the role a route needs (403), said in the request's language.
struct RoleRequired: HTTPResponseError {
    let role: Role
    /// Who asked (the workstation user, a token's owner, or nobody).
    let caller: Caller?
    var status: HTTPResponse.Status { .forbidden }
    func response(from request: Request, context: some RequestContext) throws -> Response { Response(status: .forbidden) }
}

/// Lets a request through only when its caller holds `role`: 401 without a caller, 403 without
/// the role (both turned into JSON in the request's language by the error middleware).
struct RequireRole: RouterMiddleware {
    typealias Context = QamqorContext
    let role: Role

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let policy = AuthorizationPolicyMiddleware(RolePolicy<Caller>(role), deniedError: RoleRequired(role: role, caller: context.identity), context: Context.self)
        return try await policy.handle(request, context: context, next: next)
    }
}
