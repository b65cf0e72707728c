//! `config.json`: every rule of `syncdeck_core::config`, a field named for each mistake.

use serde_json::Value;
use syncdeck_core::config::*;

fn field_of(text: &str) -> String {
    parse_config(text)
        .unwrap_err()
        .field()
        .unwrap_or("-")
        .to_string()
}

#[test]
fn the_design_example_is_valid_msal_config() {
    let cfg = parse_config(
        r#"{"cloud":"global","graphBaseUrl":"https://graph.microsoft.com","apiVersion":"v1.0",
               "auth":{"mode":"msal","clientId":"00000000-0000-0000-0000-000000000000",
                       "authority":"https://login.microsoftonline.com/organizations",
                       "redirectUri":"/redirect.html","cacheLocation":"sessionStorage"}}"#,
    )
    .unwrap();
    assert_eq!(cfg.graph_root(), "https://graph.microsoft.com/v1.0");
    assert!(!cfg.is_token_mode());
}

#[test]
fn defaults_follow_the_cloud() {
    let cfg = parse_config(r#"{"cloud":"usgovdod","apiVersion":"beta","auth":{"mode":"msal","clientId":"11111111-2222-3333-4444-555555555555"}}"#).unwrap();
    assert_eq!(cfg.graph_root(), "https://dod-graph.microsoft.us/beta");
    match cfg.auth {
        AuthConfig::Msal {
            authority,
            cache_location,
            redirect_uri,
            ..
        } => {
            assert_eq!(authority, "https://login.microsoftonline.us/organizations");
            assert_eq!(cache_location, "sessionStorage");
            assert_eq!(redirect_uri, "/redirect.html");
        }
        other => panic!("expected msal, got {other:?}"),
    }
}

#[test]
fn token_mode_is_accepted_only_on_loopback() {
    for ok in [
        "http://127.0.0.1:8080",
        "http://localhost:3000",
        "http://[::1]:8080",
        "http://127.9.8.7",
    ] {
        let text = format!(r#"{{"graphBaseUrl":"{ok}","auth":{{"mode":"token","token":"t"}}}}"#);
        assert!(parse_config(&text).unwrap().is_token_mode(), "{ok}");
    }
    let err = parse_config(
        r#"{"graphBaseUrl":"https://graph.microsoft.com","auth":{"mode":"token","token":"t"}}"#,
    )
    .unwrap_err();
    assert_eq!(
        err,
        ConfigError::TokenModeNotLoopback {
            graph_base_url: "https://graph.microsoft.com".into()
        }
    );
    assert!(err.to_string().contains("No request was sent"));
    // The default Graph host of a cloud is not loopback either.
    assert!(matches!(
        parse_config(r#"{"auth":{"mode":"token","token":"t"}}"#),
        Err(ConfigError::TokenModeNotLoopback { .. })
    ));
}

#[test]
fn loopback_detection_is_not_fooled() {
    for not in [
        "http://127.0.0.1.evil.com",
        "http://127.0.0.1@evil.com",
        "http://evil.com/127.0.0.1",
        "http://128.0.0.1",
        "http://localhost.evil.com",
        "ftp://127.0.0.1",
        "127.0.0.1",
        "http://[::2]",
        "http://127.0.0.256",
        "http://[::1]evil",
        "http://127.0.0.01",
        "http://127.0.0.1:0",
    ] {
        assert!(!is_loopback_url(not), "{not}");
    }
}

#[test]
fn each_bad_field_is_named() {
    assert_eq!(
        field_of(
            r#"{"cloud":"mars","auth":{"mode":"msal","clientId":"00000000-0000-0000-0000-000000000000"}}"#
        ),
        "cloud"
    );
    assert_eq!(field_of(r#"{"cloud":7,"auth":{}}"#), "cloud");
    assert_eq!(
        field_of(r#"{"apiVersion":"v2","auth":{"mode":"msal"}}"#),
        "apiVersion"
    );
    assert_eq!(
        field_of(r#"{"graphBaseUrl":"https://graph.microsoft.com/v1.0","auth":{}}"#),
        "graphBaseUrl"
    );
    assert_eq!(
        field_of(r#"{"graphBaseUrl":"https://graph.microsoft.com/","auth":{}}"#),
        "graphBaseUrl"
    );
    assert_eq!(
        field_of(r#"{"graphBaseUrl":"http://graph.microsoft.com","auth":{}}"#),
        "graphBaseUrl"
    );
    assert_eq!(field_of(r#"{}"#), "auth");
    assert_eq!(field_of(r#"{"auth":"msal"}"#), "auth");
    assert_eq!(field_of(r#"{"auth":{}}"#), "auth.mode");
    assert_eq!(field_of(r#"{"auth":{"mode":"basic"}}"#), "auth.mode");
    assert_eq!(field_of(r#"{"auth":{"mode":"msal"}}"#), "auth.clientId");
    assert_eq!(
        field_of(r#"{"auth":{"mode":"msal","clientId":"my-app"}}"#),
        "auth.clientId"
    );
    assert_eq!(
        field_of(
            r#"{"auth":{"mode":"msal","clientId":"00000000-0000-0000-0000-000000000000","cacheLocation":"cookie"}}"#
        ),
        "auth.cacheLocation"
    );
    assert_eq!(
        field_of(
            r#"{"auth":{"mode":"msal","clientId":"00000000-0000-0000-0000-000000000000","authority":"login.microsoftonline.com"}}"#
        ),
        "auth.authority"
    );
    assert_eq!(
        field_of(r#"{"graphBaseUrl":"http://127.0.0.1:1","auth":{"mode":"token","token":"  "}}"#),
        "auth.token"
    );
}

const MSAL: &str = r#""mode":"msal","clientId":"00000000-0000-0000-0000-000000000000""#;

fn msal_with(extra: &str) -> Result<RuntimeConfig, ConfigError> {
    parse_config(&format!(r#"{{"auth":{{{MSAL},{extra}}}}}"#))
}

const META: &str = r#"{"issuer":"http://127.0.0.1:9000","authorization_endpoint":"http://127.0.0.1:9000/authorize","token_endpoint":"http://127.0.0.1:9000/token","jwks_uri":"http://127.0.0.1:9000/jwks"}"#;

#[test]
fn an_unknown_key_is_named_never_ignored() {
    let err = msal_with(r#""clientID":"x""#).unwrap_err();
    assert_eq!(err.field(), Some("auth.clientID"));
    assert!(
        err.to_string().contains("did you mean `auth.clientId`"),
        "{err}"
    );
    let err = msal_with(r#""scopes":["x"]"#).unwrap_err();
    assert_eq!(err.field(), Some("auth.scopes"));
    assert!(err.to_string().contains("`knownAuthorities`"), "{err}");
    // A key of the other mode is not silently ignored either.
    let err = parse_config(
            r#"{"graphBaseUrl":"http://127.0.0.1:1","auth":{"mode":"token","token":"t","clientId":"x"}}"#,
        )
        .unwrap_err();
    assert_eq!(err.field(), Some("auth.clientId"));
    assert_eq!(
        field_of(&format!(r#"{{"graphBaseURL":"x","auth":{{{MSAL}}}}}"#)),
        "graphBaseURL"
    );
    assert!(parse_config(&format!(r#"{{"$schema":"x","auth":{{{MSAL}}}}}"#)).is_ok());
}

#[test]
fn known_authorities_are_hosts() {
    let cfg = msal_with(r#""knownAuthorities":["127.0.0.1:9000","Login.Contoso.com"]"#).unwrap();
    let AuthConfig::Msal {
        known_authorities, ..
    } = cfg.auth
    else {
        panic!("msal expected")
    };
    assert_eq!(known_authorities, ["127.0.0.1:9000", "login.contoso.com"]);
    for bad in [
        r#""https://login.contoso.com""#,
        r#""login.contoso.com/tenant""#,
        r#""login.contoso.com:99999""#,
        r#""user@login.contoso.com""#,
        r#""""#,
        "7",
    ] {
        let err = msal_with(&format!(r#""knownAuthorities":[{bad}]"#)).unwrap_err();
        assert_eq!(err.field(), Some("auth.knownAuthorities[0]"), "{bad}");
    }
    assert_eq!(
        msal_with(r#""knownAuthorities":"127.0.0.1:9000""#)
            .unwrap_err()
            .field(),
        Some("auth.knownAuthorities")
    );
}

#[test]
fn metadata_is_an_object_with_https_or_loopback_urls() {
    let cfg = msal_with(&format!(
        r#""authorityMetadata":{META},"protocolMode":"OIDC""#
    ))
    .unwrap();
    let AuthConfig::Msal {
        authority_metadata,
        protocol_mode,
        ..
    } = cfg.auth
    else {
        panic!("msal expected")
    };
    assert_eq!(protocol_mode, ProtocolMode::Oidc);
    let text = authority_metadata.unwrap();
    assert_eq!(
        serde_json::from_str::<Value>(&text).unwrap(),
        serde_json::from_str::<Value>(META).unwrap()
    );
    // http on a host that is not loopback names the exact field.
    let remote = META.replace(
        "http://127.0.0.1:9000/token",
        "http://login.contoso.com/token",
    );
    let err = msal_with(&format!(r#""authorityMetadata":{remote}"#)).unwrap_err();
    assert_eq!(err.field(), Some("auth.authorityMetadata.token_endpoint"));
    let fooled = META.replace("http://127.0.0.1:9000/jwks", "http://127.0.0.01/jwks");
    assert_eq!(
        msal_with(&format!(r#""authorityMetadata":{fooled}"#))
            .unwrap_err()
            .field(),
        Some("auth.authorityMetadata.jwks_uri")
    );
    let https = META.replace("http://127.0.0.1:9000", "https://login.contoso.com");
    assert!(msal_with(&format!(r#""authorityMetadata":{https}"#)).is_ok());
    // As a string (MSAL's own form) it is refused: config.json holds the object.
    assert_eq!(
        msal_with(r#""authorityMetadata":"{}""#)
            .unwrap_err()
            .field(),
        Some("auth.authorityMetadata")
    );
    assert_eq!(
        msal_with(r#""authorityMetadata":{"issuer":"https://x"}"#)
            .unwrap_err()
            .field(),
        Some("auth.authorityMetadata.authorization_endpoint")
    );
    let discovery = r#"{"tenant_discovery_endpoint":"https://login.microsoftonline.com/organizations/v2.0/.well-known/openid-configuration","api-version":"1.1","metadata":[{"preferred_network":"login.microsoftonline.com","preferred_cache":"login.windows.net","aliases":["login.microsoftonline.com","login.windows.net"]}]}"#;
    let cfg = msal_with(&format!(r#""cloudDiscoveryMetadata":{discovery}"#)).unwrap();
    assert!(matches!(
        cfg.auth,
        AuthConfig::Msal {
            cloud_discovery_metadata: Some(_),
            protocol_mode: ProtocolMode::Aad,
            ..
        }
    ));
    assert_eq!(
        msal_with(r#""cloudDiscoveryMetadata":{"metadata":[]}"#)
            .unwrap_err()
            .field(),
        Some("auth.cloudDiscoveryMetadata.tenant_discovery_endpoint")
    );
    assert_eq!(
        msal_with(r#""protocolMode":"oidc""#).unwrap_err().field(),
        Some("auth.protocolMode")
    );
}

#[test]
fn the_authority_must_be_https_even_for_an_oidc_server() {
    assert_eq!(
        msal_with(r#""authority":"http://127.0.0.1:9000","protocolMode":"OIDC""#)
            .unwrap_err()
            .field(),
        Some("auth.authority")
    );
}

#[test]
fn not_json_is_reported_as_such() {
    assert!(matches!(
        parse_config("<html>"),
        Err(ConfigError::NotJson(_))
    ));
    assert!(matches!(parse_config("[1]"), Err(ConfigError::NotJson(_))));
    assert!(matches!(parse_config(""), Err(ConfigError::NotJson(_))));
}

#[test]
fn debug_output_never_shows_the_token() {
    let cfg = parse_config(
        r#"{"graphBaseUrl":"http://127.0.0.1:1","auth":{"mode":"token","token":"s3cr3t-token"}}"#,
    )
    .unwrap();
    assert!(!format!("{cfg:?}").contains("s3cr3t"));
}
#[test]
fn the_msal_configuration_has_absolute_redirects_and_the_cache_location() {
    let cfg = parse_config(
            r#"{"cloud":"usgov","auth":{"mode":"msal","clientId":"11111111-2222-3333-4444-555555555555","cacheLocation":"localStorage"}}"#,
        )
        .unwrap();
    let json: serde_json::Value =
        serde_json::from_str(&msal_config_json(&cfg, "https://admin.contoso.com").unwrap())
            .unwrap();
    assert_eq!(
        json["authority"],
        "https://login.microsoftonline.us/organizations"
    );
    assert_eq!(
        json["redirectUri"],
        "https://admin.contoso.com/redirect.html"
    );
    assert_eq!(json["postLogoutRedirectUri"], "https://admin.contoso.com/");
    assert_eq!(json["cacheLocation"], "localStorage");
    assert_eq!(json["knownAuthorities"], serde_json::json!([]));
    assert_eq!(json["authorityMetadata"], serde_json::Value::Null);
    assert_eq!(json["protocolMode"], "AAD");
    let token = parse_config(
        r#"{"graphBaseUrl":"http://127.0.0.1:1","auth":{"mode":"token","token":"t"}}"#,
    )
    .unwrap();
    assert_eq!(msal_config_json(&token, "x"), None);
}

#[test]
fn an_oidc_server_is_handed_to_msal_with_its_metadata_as_text() {
    let cfg = parse_config(
        r#"{"graphBaseUrl":"http://127.0.0.1:8080","auth":{"mode":"msal",
                "clientId":"11111111-2222-3333-4444-555555555555",
                "authority":"https://127.0.0.1:9000","protocolMode":"OIDC",
                "knownAuthorities":["127.0.0.1:9000"],
                "authorityMetadata":{"issuer":"http://127.0.0.1:9000",
                    "authorization_endpoint":"http://127.0.0.1:9000/authorize",
                    "token_endpoint":"http://127.0.0.1:9000/token",
                    "jwks_uri":"http://127.0.0.1:9000/jwks"}}}"#,
    )
    .unwrap();
    let json: serde_json::Value =
        serde_json::from_str(&msal_config_json(&cfg, "http://127.0.0.1:8080").unwrap()).unwrap();
    assert_eq!(json["protocolMode"], "OIDC");
    assert_eq!(
        json["knownAuthorities"],
        serde_json::json!(["127.0.0.1:9000"])
    );
    // MSAL takes the metadata as a JSON string, not an object.
    let text = json["authorityMetadata"].as_str().unwrap();
    let meta: serde_json::Value = serde_json::from_str(text).unwrap();
    assert_eq!(meta["token_endpoint"], "http://127.0.0.1:9000/token");
    assert_eq!(json["cloudDiscoveryMetadata"], serde_json::Value::Null);
}

#[test]
fn scopes_are_for_the_clouds_graph_wherever_the_requests_go() {
    for (cloud, graph) in [
        ("global", "https://graph.microsoft.com"),
        ("usgov", "https://graph.microsoft.us"),
        ("china", "https://microsoftgraph.chinacloudapi.cn"),
    ] {
        let cfg = parse_config(&format!(
                r#"{{"cloud":"{cloud}","graphBaseUrl":"http://127.0.0.1:8080","auth":{{"mode":"msal","clientId":"11111111-2222-3333-4444-555555555555"}}}}"#
            ))
            .unwrap();
        for kind in [
            TokenKind::Read,
            TokenKind::Write,
            TokenKind::Logs,
            TokenKind::People,
        ] {
            let scopes = scopes_for(&cfg, kind);
            assert!(
                scopes.iter().all(|s| s.starts_with(&format!("{graph}/"))),
                "{scopes:?}"
            );
        }
    }
}
