"""The :class:`~streams.nlp.model.Speaker` record of a resolved entity: fullest name, type, and
the title, organisation and country the article states, with where each came from.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import roles as R
from ..model import Speaker
from . import index as _index
from . import role_evidence as _role_evidence
from .entities import _Entity
from .mentions import slug

if TYPE_CHECKING:
    from .article import _Article


def summary(art: _Article, e: _Entity) -> tuple[str | None, str | None, str | None]:
    """Title, organization and country the article states for ``e`` (best stated role first)."""
    rs = _role_evidence.roles(art, e)
    best = None
    for pos, r in rs:
        # a party ("a Democrat from Rhode Island") says less than an office ("Senator")
        if r.title and (best is None or (_role_evidence._office(r), r.quality, -pos) > (
                _role_evidence._office(best[1]), best[1].quality, -best[0])):
            best = (pos, r)
    title = best[1].title if best else None
    org = best[1].organization if best else None
    if org is None:
        for _pos, r in sorted(rs, key=lambda pr: pr[0]):
            if r.organization:
                org = r.organization
                break
    country = None
    cbest = None
    for pos, r in rs:
        if r.country and (cbest is None or (r.country_strength, -pos) > (cbest[0], -cbest[1])):
            cbest = (r.country_strength, pos, r.country)
    if cbest:
        country = cbest[2]
    if country is None and best is not None:
        head = best[1].head or ""
        intl = org and (o := R.organization(org)) is not None and o.kind == "international"
        gov = R.lexicon().gov_heads
        if (head in gov or R.lexicon().synonym.get(head) in gov) and not intl:
            country = _role_evidence.doc_country(art)
    return title, org, country


def role_sources(art: _Article, e: _Entity) -> dict[str, str]:
    """Where the title, organization and country of a person come from: the role phrase
    the article states and its offset, as :func:`summary` chose them."""
    if e.kind != "person":
        return {"country": "the organisation's name or the article's country"} if e.country else {}
    rs = _role_evidence.roles(art, e)
    title, org, country = summary(art, e)
    out: dict[str, str] = {}
    for name, value in (("title", title), ("organization", org), ("country", country)):
        if value is None:
            continue
        hit = next(((p, r) for p, r in sorted(rs, key=lambda pr: pr[0])
                    if getattr(r, name) == value), None)
        if hit is None:
            out[name] = "the article's own country (a government role with none stated)"
            continue
        p, r = hit
        kind = {4: "relative clause", 3: "premodifier or appositive", 2: "title word or honorific",
                1: "description", 0: "state tag or 'of' place"}.get(r.quality, "role")
        out[name] = f"{kind} at {p}: {art.text[p:p + 60].splitlines()[0]!r}"
    return out


def speaker(art: _Article, e: _Entity) -> Speaker:
    sp = art.speakers.get(id(e))
    if sp is None:
        sp = art.speakers[id(e)] = _speaker(art, e)
    return sp


def _speaker(art: _Article, e: _Entity) -> Speaker:
    kind = e.kind
    if kind == "person":
        title, org, country = summary(art, e)
        full = _index.full_name(art, e)
        aliases = tuple(sorted(e.aliases | {full, e.tokens[-1]}))
        return Speaker(
            name=full, type="person", title=title, organization=org, country=country,
            speaker_id=f"person:{slug(full)}",
            role_source="article" if (title or org or country) else None,
            aliases=aliases,
        )
    if kind == "anonymous":
        r = e.extra[0][1] if e.extra else None
        title = r.title if r else None
        org = r.organization if r else None
        country = r.country if r else None
        if country is None and r is not None and r.head in R.lexicon().gov_heads and not org:
            country = _role_evidence.doc_country(art)
        if e.name and title is None:
            title = e.name
        sid = "anonymous:" + (slug(title) if title else "source")
        if country:
            sid += "/" + slug(country)
        elif org:
            sid += "/" + slug(org)
        return Speaker(name=None, type="anonymous", title=title, organization=org, country=country,
                       speaker_id=sid, role_source="article" if (title or org or country) else None)
    if kind == "group":
        r = e.extra[0][1] if e.extra else R.parse_role(e.name or "", quality=3)
        title = r.title if r and r.head else None
        country = e.country if e.country else (r.country if r else None)
        return Speaker(name=e.name, type="group", title=title, organization=None, country=country,
                       speaker_id="group:" + slug(e.name or "group"),
                       role_source="article" if (title or country) else None)
    # organisations, governments by capital or seat, places, things
    country = e.country
    if country is None and kind == "org" and (
            e.org_kind in ("government", "military") or _role_evidence._govlike(e.name)):
        country = _role_evidence.doc_country(art)
    name = e.name
    if kind == "seat" and R.lexicon().capital.get(R.key(e.canon or "")):
        sid = f"org:{slug(country or '')}/government"
    elif kind == "country":
        sid = f"org:{slug(country or name or '')}/government"
    elif country and kind == "org" and (name or "").split()[-1:] == ["government"] and\
            R.country_name((name or "").split()[0]):
        sid = f"org:{slug(country)}/government"  # "the Japanese government" is Tokyo
    elif country and kind != "thing":
        sid = f"org:{slug(country)}/{slug(e.canon or name or '')}"
    else:
        sid = f"{'org' if kind != 'thing' else 'source'}:{slug(e.canon or name or '')}"
    return Speaker(name=name, type="organization", title=None, organization=None, country=country,
                   speaker_id=sid, role_source="article" if country else None,
                   aliases=tuple(sorted(e.aliases)))
