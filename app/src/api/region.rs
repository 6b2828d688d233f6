//! Server functions of reporting upward: the region's pages and this county's package identity.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{
    PackageIdentity, RegionCountyDetail, RegionCountyFilter, RegionFilter, RegionPage,
};

#[cfg(feature = "ssr")]
use super::{reader_context, server_context, signed_in_user};

/// Every server function here that changes data, with what it needs.
pub const MUTATING_ENDPOINTS: &[(&str, crate::domain::access::Permission)] = {
    use crate::domain::access::Permission::{Administer, EditContent};
    &[
        ("set_region_code", Administer),
        ("add_region_county", Administer),
        ("remind_region", EditContent),
        ("set_region_due_day", Administer),
        ("set_push_target", Administer),
        ("push_package", EditContent),
    ]
};

pub const READ_ENDPOINTS: &[&str] = &["region_page", "region_county", "package_identity"];

/// The region's counties side by side for a month.
#[server(endpoint = "region_page")]
pub async fn get_region_page(
    #[server(default)] filter: RegionFilter,
    locale: crate::i18n::Locale,
) -> Result<RegionPage, AppError> {
    let ctx = reader_context().await?;
    use crate::domain::access::Permission;
    let user = signed_in_user();
    let can = |permission| user.as_ref().is_some_and(|u| u.can(permission));
    let rights = (can(Permission::EditContent), can(Permission::Administer));
    let page = crate::region::upstream::page(&ctx.db, filter.period, ctx.today(), locale, rights);
    Ok(page.await?)
}

/// One county's package of a month, as reported.
#[server(endpoint = "region_county")]
pub async fn get_region_county(
    code: String,
    #[server(default)] filter: RegionCountyFilter,
) -> Result<RegionCountyDetail, AppError> {
    let ctx = reader_context().await?;
    let period = match filter.period {
        Some(period) => period,
        None => crate::region::upstream::previous_month(ctx.today()),
    };
    crate::region::upstream::county_detail(&ctx.db, &code, period, filter.page)
        .await?
        .ok_or(AppError::NotFound)
}

/// This instance's key and code as a county (the key is made on first use).
#[server(endpoint = "package_identity")]
pub async fn get_package_identity() -> Result<PackageIdentity, AppError> {
    let ctx = reader_context().await?;
    if signed_in_user().is_none() {
        return Err(AppError::Unauthenticated);
    }
    let info = crate::region::county::key_info(&ctx.db).await?;
    Ok(PackageIdentity {
        county: info.county,
        region_code: info.region_code,
        public_key: info.public_key,
        fingerprint: info.fingerprint,
        packages_signed: info.packages_signed,
        push_url: info.push_url,
    })
}

/// Sets this county's 行政区划代码 (admins).
#[server(endpoint = "set_region_code")]
pub async fn set_region_code(code: String) -> Result<(), AppError> {
    let ctx = server_context()?;
    require(crate::domain::access::Permission::Administer)?;
    crate::region::county::set_region_code(&ctx.db, &code).await?;
    Ok(())
}

/// Registers a county that reports here (admins): its name, 行政区划代码 and public key.
#[server(endpoint = "add_region_county")]
pub async fn add_region_county(name: String, code: String, key: String) -> Result<(), AppError> {
    let ctx = server_context()?;
    require(crate::domain::access::Permission::Administer)?;
    crate::region::upstream::add_county(&ctx.db, &name, &code, &key).await?;
    Ok(())
}

/// 催报: reminds every registered county with no package for `period` through its channels,
/// then back to the region page saying how many were reached.
#[server(endpoint = "remind_region")]
pub async fn remind_region(period: String) -> Result<(), AppError> {
    let ctx = server_context()?;
    let user = signed_in_user();
    let (period, reminded) =
        crate::region::chase::remind(&ctx.db, user.as_ref(), &period, ctx.clock()).await?;
    let page = RegionFilter {
        period: Some(period),
        reminded: u32::try_from(reminded.reached).ok(),
        unreachable: u32::try_from(reminded.unreachable).ok(),
        ..RegionFilter::default()
    };
    leptos_axum::redirect(&page.href());
    Ok(())
}

/// Sets the day of the following month a month's package is due by (admins).
#[server(endpoint = "set_region_due_day")]
pub async fn set_region_due_day(day: String) -> Result<(), AppError> {
    let ctx = server_context()?;
    crate::region::chase::set_due_day(&ctx.db, signed_in_user().as_ref(), &day).await
}

/// Refuses anyone without `permission`.
#[cfg(feature = "ssr")]
fn require(permission: crate::domain::access::Permission) -> Result<(), AppError> {
    let user = signed_in_user().ok_or(AppError::Unauthenticated)?;
    if !user.can(permission) {
        return Err(AppError::Forbidden);
    }
    Ok(())
}

/// County: where packages are pushed and with which token (admins); an empty address stops it.
#[server(endpoint = "set_push_target")]
pub async fn set_push_target(
    url: String,
    #[server(default)] token: String,
) -> Result<(), AppError> {
    let ctx = server_context()?;
    require(crate::domain::access::Permission::Administer)?;
    Ok(crate::region::push::set_target(&ctx.db, &url, &token).await?)
}

/// County: makes the month's package and pushes it upstream (planners), then back to the
/// reporting page saying what upstream said, in `locale`.
#[server(endpoint = "push_package")]
pub async fn push_package(
    period: String,
    locale: crate::i18n::Locale,
    #[server(default)] evidence: bool,
) -> Result<(), AppError> {
    use crate::domain::problem::{Label, Problem};
    use crate::domain::validate::FieldErrors;
    use crate::i18n::region::RegionSay;
    let ctx = server_context()?;
    require(crate::domain::access::Permission::EditContent)?;
    let Ok(period) = crate::domain::period::Period::parse(period.trim()) else {
        let problem = Problem::Choose(Label::Month);
        return Err(AppError::Invalid(FieldErrors::single("period", problem)));
    };
    let store = evidence.then_some(&ctx.files);
    match crate::region::push::push(&ctx.db, period, ctx.today(), locale, None, store).await {
        Ok(pushed) => {
            let said = locale.region_say(&RegionSay::Pushed {
                period,
                sequence: pushed.package.sequence,
                answer: &pushed.answer,
            });
            leptos_axum::redirect(&crate::outcome::pushed_url(&said));
            Ok(())
        }
        Err(e @ (crate::region::RegionError::Db(_) | crate::region::RegionError::Export(_))) => {
            Err(e.into())
        }
        Err(e) => Err(AppError::BadRequest(e.say(locale))),
    }
}
