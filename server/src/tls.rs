//! Built-in HTTPS, for an office with no reverse proxy in front of Roadmap: the certificate
//! chain and private key come from PEM files (`--tls-cert`, `--tls-key`), as a government CA or
//! the centre's own issues them. rustls with ring: no OpenSSL on the server.

use std::path::Path;
use std::sync::Arc;

use app::i18n::cli::Say;
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio_rustls::rustls::{self, ServerConfig};
use tokio_rustls::TlsAcceptor;

#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    #[error("{}", Say::FileFailed { path, error: source })]
    File {
        path: String,
        source: std::io::Error,
    },
    #[error("{}", Say::TlsNoCertificate(path))]
    NoCertificate { path: String },
    #[error("{}", Say::TlsNoKey(path))]
    NoKey { path: String },
    #[error("{}", Say::TlsUnusable(.0))]
    Unusable(rustls::Error),
}

/// Reads the certificate chain and key and checks that they belong together.
pub fn acceptor(cert_path: &Path, key_path: &Path) -> Result<TlsAcceptor, TlsError> {
    let read = |path: &Path| {
        std::fs::read(path).map_err(|source| TlsError::File {
            path: path.display().to_string(),
            source,
        })
    };
    let (cert_pem, key_pem) = (read(cert_path)?, read(key_path)?);
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(&cert_pem)
        .filter_map(Result::ok)
        .collect();
    if chain.is_empty() {
        return Err(TlsError::NoCertificate {
            path: cert_path.display().to_string(),
        });
    }
    let key = PrivateKeyDer::from_pem_slice(&key_pem).map_err(|_| TlsError::NoKey {
        path: key_path.display().to_string(),
    })?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(TlsError::Unusable)?
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .map_err(TlsError::Unusable)?;
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(TlsAcceptor::from(Arc::new(config)))
}
