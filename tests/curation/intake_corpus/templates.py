"""The page structures of the intake corpus: one function per kind of site, each writing a
document into the markup such sites give their pages (menus, breadcrumbs, bylines, share
bars, related lists, comment forms, sidebars, footers). The structures follow real pages
listed in `README.md`; every word is the project's own.

`build.py` calls these with the documents in `documents.py` and writes `pages/` and
`truth.json`.
"""

from html import escape


def _paras(paragraphs, tag="p"):
    return "\n".join(f"<{tag}>{escape(p).replace(chr(10), '<br>')}</{tag}>" for p in paragraphs)


def _letter_parts(doc):
    """A letter's addressee block, salutation, paragraphs, closing and signature as blocks."""
    blocks = []
    if doc.get("place_date_top"):
        blocks.append(doc["place_date_top"])
    if doc.get("addressees"):
        blocks.append("\n".join(doc["addressees"]))
    if doc.get("salutation"):
        blocks.append(doc["salutation"])
    blocks.extend(doc["paragraphs"])
    if doc.get("closing"):
        blocks.append(doc["closing"])
    if doc.get("signature"):
        blocks.append("\n".join(doc["signature"]))
    return blocks


def wordpress_ngo(doc, site):
    """A WordPress theme of a small association: skip link, logo h1 on the home link,
    breadcrumb, entry meta, share bar, "You may also like", comment form, sidebar."""
    body = _paras(_letter_parts(doc))
    return f"""<!DOCTYPE html>
<html lang="en-US"><head><meta charset="UTF-8">
<title>{escape(doc['title'])} &#8211; {escape(site)}</title>
<meta property="og:site_name" content="{escape(site)}">
<meta property="og:title" content="{escape(doc['title'])}">
<meta property="article:published_time" content="{doc['published']}T09:12:00+00:00">
<link rel="canonical" href="https://{doc['host']}/en/posts/{doc['id']}">
</head><body class="post-template-default single single-post">
<a class="skip-link screen-reader-text" href="#content">Skip to content</a>
<div id="page" class="site"><header id="masthead" class="site-header">
<div class="site-branding"><h1 class="site-title"><a href="/" rel="home">{escape(site)}</a></h1>
<p class="site-description">News, letters and voices of the families</p></div>
<nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu">
<li><a href="/">Home</a></li><li><a href="/letters">Letters</a></li><li><a href="/news">News</a></li>
<li><a href="/about">About us</a></li><li><a href="/contact">Contact</a></li></ul></nav></header>
<div id="content" class="site-content"><div id="primary" class="content-area"><main id="main" class="site-main">
<div class="breadcrumbs"><a href="/">Home</a> &raquo; <a href="/category/{doc['category'].lower()}">{escape(doc['category'])}</a> &raquo; {escape(doc['title'])}</div>
<article class="post type-post status-publish format-standard">
<header class="entry-header"><h2 class="entry-title">{escape(doc['title'])}</h2>
<div class="entry-meta"><span class="posted-on">Posted on <time class="entry-date published" datetime="{doc['published']}">{doc['published_shown']}</time></span>
<span class="byline"> by <span class="author vcard">editor</span></span></div></header>
<div class="entry-content">
{f'<p>{escape(doc["intro"])}</p>' if doc.get('intro') else ''}
{body}
<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Share this:</h3><ul><li><a class="share-facebook">Facebook</a></li><li><a class="share-twitter">Twitter</a></li><li><a class="share-print">Print</a></li></ul></div>
</div>
<footer class="entry-footer"><span class="cat-links">Posted in <a>{escape(doc['category'])}</a></span></footer>
</article>
<div class="related-posts"><h3>You may also like</h3><ul><li><a>Families ask again for a visit on 3 March 2016</a></li><li><a>A mother writes from Tehran</a></li><li><a>Report from the gate, 12 November 2015</a></li></ul></div>
<div id="comments" class="comments-area"><div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">Leave a Comment</h3>
<form><p class="comment-notes">Your email address will not be published.</p><textarea name="comment"></textarea><input type="submit" value="Post Comment"></form></div></div>
</main></div>
<aside id="secondary" class="widget-area"><section class="widget widget_recent_entries"><h2 class="widget-title">Recent Posts</h2>
<ul><li><a>Statement of the families' association, 1 May 2019</a></li><li><a>Letter to the Red Cross</a></li><li><a>Visit to Tirana</a></li></ul></section>
<section class="widget widget_archive"><h2 class="widget-title">Archives</h2><ul><li><a>June 2019</a></li><li><a>May 2019</a></li></ul></section></aside>
</div><footer id="colophon" class="site-footer"><div class="site-info">&copy; 2019 {escape(site)}. All rights reserved. Proudly powered by WordPress.</div></footer></div>
</body></html>"""


def wordpress_political(doc, site):
    """A political organisation's news theme: today's date in the top bar, a breadcrumb glued
    into one line, a post title with a lead, category chips, a tag list and related posts."""
    body = _paras(_letter_parts(doc))
    return f"""<!DOCTYPE html>
<html lang="en-US"><head><meta charset="UTF-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(doc['title'])} | {escape(site)}</title>
<meta property="og:site_name" content="{escape(site)}"><meta property="og:type" content="article">
<meta property="og:title" content="{escape(doc['title'])} | {escape(site)}">
<script type="application/ld+json">{{"@context":"https://schema.org","@graph":[{{"@type":"WebSite","name":"{escape(site)}"}},{{"@type":"BreadcrumbList","itemListElement":[]}},{{"@type":"NewsArticle","headline":"{escape(doc['title'])}","datePublished":"{doc['published']}T12:00:00+02:00","publisher":{{"@type":"Organization","name":"{escape(site)}"}}}}]}}</script>
</head><body class="single td-theme">
<div class="td-header-top-menu"><div class="td_data_time">Tuesday, August 16, 2022</div>
<ul class="top-header-menu"><li><a>Donate</a></li><li><a>Subscribe</a></li><li><a>فارسی</a></li><li><a>Français</a></li></ul></div>
<div class="td-header-menu-wrap"><div class="td-logo"><a href="/"><img alt="{escape(site)}" src="logo.png"></a></div>
<ul class="sf-menu"><li><a>Home</a></li><li><a>News</a></li><li><a>Statements</a></li><li><a>Events</a></li><li><a>Human Rights</a></li></ul></div>
<div class="td-main-content-wrap"><div class="td-crumb-container"><div class="entry-crumbs"><span><a>Home</a></span><span><a>{escape(doc['category'])}</a></span><span class="td-bred-no-url-last">{escape(doc['title'][:60])}...</span></div></div>
<article class="post td-post-template-default">
<div class="td-post-header"><ul class="td-category"><li><a class="td-post-category">{escape(doc['category'])}</a></li></ul>
<header class="td-post-title"><h1 class="entry-title">{escape(doc['title'])}</h1>
{f'<p class="td-post-sub-title">{escape(doc["lead"])}</p>' if doc.get('lead') else ''}
<div class="td-module-meta-info"><div class="td-post-author-name">By <a>{escape(site)}</a></div>
<span class="td-post-date"><time class="entry-date updated" datetime="{doc['published']}">{doc['published_shown']}</time></span>
<div class="td-post-views">1,204 views</div></div></header></div>
<div class="td-post-sharing-top"><a>Facebook</a><a>Twitter</a><a>WhatsApp</a><a>Telegram</a></div>
<div class="td-post-content tagdiv-type">
{body}
</div>
<footer><div class="td-post-source-tags"><ul class="td-tags"><li><span>TAGS</span></li><li><a>Human rights</a></li><li><a>Iraq</a></li><li><a>UNHCR</a></li></ul></div>
<div class="td-post-sharing-bottom"><a>Facebook</a><a>Twitter</a></div>
<div class="td-author-line"><div class="td-author-name">{escape(site)}</div><div class="td-author-description">The official site. Follow us for the latest news and statements.</div></div></footer>
<div class="td_block_related_posts"><h4 class="td-related-title">RELATED ARTICLES</h4><div><h3><a>Rally in Berlin on 8 July 2017 calls for support</a></h3><h3><a>Conference in Paris draws speakers from 40 countries</a></h3></div><h4>MOST POPULAR</h4><div><a>Protest in Geneva</a></div></div>
</article></div>
<div class="td-footer-wrapper"><div class="footer-text-wrap">© Copyright 2022 - {escape(site)}. All rights reserved.</div><ul><li><a>Privacy</a></li><li><a>Contact us</a></li></ul></div>
</body></html>"""


def news_cms(doc, site):
    """A news organisation's article page: top navigation, a kicker, the headline, a byline
    with the author and time, a lead image with caption, the story with an inline "Read
    more" box, a newsletter box and "More stories"."""
    paras = [escape(p) for p in doc["paragraphs"]]
    if len(paras) > 2:
        paras.insert(2, '<aside class="inline-related"><span>Read more</span><a>Earlier: talks stall over camp transfer</a></aside>')
    body = "\n".join(p if p.startswith("<aside") else f'<p class="story-body__text">{p}</p>' for p in paras)
    author = doc.get("byline", "")
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(doc['title'])} - {escape(site)}</title>
<meta property="og:title" content="{escape(doc['title'])}"><meta property="og:site_name" content="{escape(site)}">
<meta name="author" content="{escape(author)}">
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"NewsArticle","headline":"{escape(doc['title'])}","datePublished":"{doc['published']}T07:30:00Z","dateModified":"2023-01-02T10:00:00Z","author":[{{"@type":"Person","name":"{escape(author)}"}}],"publisher":{{"@type":"Organization","name":"{escape(site)}"}}}}</script>
</head><body>
<div id="top-bar"><a href="#main-content">Skip to main content</a><span class="today">Monday 2 January 2023</span><a>Sign in</a><a>Subscribe</a></div>
<header class="site-header"><a class="logo" href="/">{escape(site)}</a><nav><a>World</a><a>Middle East</a><a>Politics</a><a>Business</a><a>Opinion</a></nav></header>
<main id="main-content"><article>
<div class="kicker"><a>Middle East</a></div>
<h1 class="headline">{escape(doc['title'])}</h1>
<div class="byline">{f'<span class="author">By {escape(author)}</span>' if author else ''} <time datetime="{doc['published']}T07:30:00Z">{doc['published_shown']}</time></div>
<figure><img src="photo.jpg" alt=""><figcaption>A file photograph. Photo: Agency</figcaption></figure>
<div class="story-body">
{body}
</div>
<div class="newsletter"><h2>Get our Middle East briefing</h2><p>Sign up for the weekly newsletter.</p><input type="email"><button>Sign up</button></div>
<section class="more-stories"><h2>More stories</h2><ul><li><a>Oil prices rise after 2 January 2023 talks</a></li><li><a>Elections called for spring</a></li></ul></section>
</article></main>
<footer><p>© 2023 {escape(site)} Ltd. All rights reserved.</p><a>Terms</a> <a>Privacy</a> <a>Cookies</a></footer>
</body></html>"""


def amp_page(doc, site):
    """An AMP version of a post (`<html amp>`): amp-sidebar menu, amp-img, amp-social-share,
    an AMP footer with "View non-AMP version"."""
    body = _paras(_letter_parts(doc))
    return f"""<!doctype html>
<html amp lang="en"><head><meta charset="utf-8"><script async src="https://cdn.ampproject.org/v0.js"></script>
<title>{escape(doc['title'])} - {escape(site)}</title><link rel="canonical" href="https://{doc['host']}/{doc['id']}/">
<meta property="og:site_name" content="{escape(site)}">
<script type="application/ld+json">{{"@context":"http://schema.org","@type":"BlogPosting","mainEntityOfPage":"https://{doc['host']}/{doc['id']}/","publisher":{{"@type":"Organization","name":"{escape(site)}"}},"headline":"{escape(doc['title'])}","datePublished":"{doc['published']}T10:00:00+00:00","author":{{"@type":"Person","name":"webmaster"}}}}</script>
<style amp-custom>body{{font-family:sans-serif}}</style></head><body class="amp-wp">
<header id="top" class="amp-wp-header"><div><a href="https://{doc['host']}/">{escape(site)}</a><button on="tap:sidebar.toggle">Menu</button></div></header>
<amp-sidebar id="sidebar" layout="nodisplay"><ul><li><a>Home</a></li><li><a>Articles</a></li><li><a>Interviews</a></li><li><a>Letters</a></li></ul></amp-sidebar>
<article class="amp-wp-article"><header class="amp-wp-article-header"><h1 class="amp-wp-title">{escape(doc['title'])}</h1>
<div class="amp-wp-meta amp-wp-byline"><span class="amp-wp-author author vcard">webmaster</span></div>
<div class="amp-wp-meta amp-wp-posted-on"><time datetime="{doc['published']}T10:00:00+00:00">{doc['published_ago']}</time></div></header>
<figure class="amp-wp-article-featured-image"><amp-img src="a.jpg" width="600" height="400" layout="responsive"></amp-img></figure>
<div class="amp-wp-article-content">
{body}
</div>
<footer class="amp-wp-article-footer"><div class="amp-wp-meta amp-wp-tax-category">Categories: <a>{escape(doc['category'])}</a></div>
<amp-social-share type="facebook"></amp-social-share><amp-social-share type="twitter"></amp-social-share>
<div class="amp-wp-meta amp-wp-comments-link"><a>Leave a Comment</a></div></footer></article>
<footer class="amp-wp-footer"><div><h2>{escape(site)}</h2><a href="#top" class="back-to-top">Back to top</a><p><a>View Non-AMP Version</a></p></div></footer>
</body></html>"""


def government_press(doc, site):
    """A foreign ministry's press office, old style: printable banner, the department's name
    twice, "Press Statement", the spokesperson's name and title, a place and date line,
    the statement, "Other Releases" and a long footer of links."""
    speaker = doc.get("speaker", [])
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" lang="en"><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{escape(doc['title'])}</title><meta name="DC.date.issued" content="{doc['published']}" /></head><body>
<div id="tier1-header"><img alt="printable banner" src="banner.gif" /><a>{escape(site)}</a><br/>Diplomacy at Work</div>
<div id="tier2-nav"><ul><li><a>Home</a></li><li><a>Press Center</a></li><li><a>Travel</a></li><li><a>Careers</a></li><li><a>Countries &amp; Regions</a></li></ul></div>
<div id="breadcrumb"><a>Home</a> &rsaquo; <a>Press Center</a> &rsaquo; <a>Press Releases</a> &rsaquo; <a>{doc['published'][:4]}</a> &rsaquo; <a>{escape(doc['published_shown'].split()[0])}</a></div>
<div id="tier3-landing-content-wrapper"><div id="tier3-content">
<h1 id="page-title">{escape(doc['title'])}</h1>
<div class="press-statement-header">{escape(doc['label'])}</div>
<div id="centerblock"><div class="speaker">{"<br/>".join(escape(s) for s in speaker)}</div>
<div class="dateline">{escape(doc['dateline'])}</div>
{_paras(doc['paragraphs'])}
{f'<p>{escape(doc["reference"])}</p>' if doc.get('reference') else ''}
</div></div>
<div id="related"><h3>Other Releases</h3><ul><li><a>Daily Press Briefing - {doc['published_shown']}</a></li><li><a>Travel Warning: Iraq</a></li></ul></div></div>
<div id="footer"><ul><li><a>FOIA</a></li><li><a>Privacy Notice</a></li><li><a>Copyright Information</a></li><li><a>Accessibility</a></li></ul>
<p>The Office of Website Management, Bureau of Public Affairs, manages this site as a portal for information. External links to other Internet sites should not be construed as an endorsement of the views or privacy policies contained therein.</p></div>
</body></html>"""


def _latest_releases():
    days = [f"2010/12/{d:02d}" for d in range(1, 31)] + [f"2011/01/{d:02d}" for d in range(1, 20)]
    return "".join(f'<li><a href="/date/{d}">{d}</a></li>' for d in days)


def cable_viewer(doc, site):
    """A public cable viewer of the first releases: a "Currently released so far" counter,
    browse lists (latest releases by date, origin, tag, classification) in the side column,
    a header table (reference ID, created, released, classification, origin) and the cable
    in a <pre>."""
    origins = "".join(f"<li><a>Embassy {c}</a></li>" for c in ["Amman", "Ankara", "Athens", "Baghdad", "Beirut", "Cairo", "Damascus", "Doha", "Kuwait", "London", "Paris", "Riyadh"])
    tags = "".join(f"<a>{t}</a> " for t in ["AEMR", "ASEC", "IR", "IZ", "KDEM", "MARR", "PGOV", "PHUM", "PREF", "PREL", "PTER"])
    return f"""<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8">
<title>Cable Viewer</title></head><body>
<div id="header"><a href="/"><img alt="{escape(site)} logo" src="logo.png"></a><h1>Cable Viewer</h1><div>Keep us strong</div></div>
<div id="left"><div class="counter">Currently released so far... 5422 / 251,287</div>
<h3>Articles</h3><h3>Browse latest releases</h3><ul>{_latest_releases()}</ul>
<h3>Browse by creation date</h3><ul><li><a>66</a></li><li><a>72</a></li><li><a>86</a></li><li><a>09</a></li><li><a>10</a></li></ul>
<h3>Browse by origin</h3><ul>{origins}</ul><h3>Browse by tag</h3><div class="tags">{tags}</div>
<h3>Browse by classification</h3><ul><li><a>CONFIDENTIAL</a></li><li><a>SECRET</a></li><li><a>UNCLASSIFIED</a></li></ul></div>
<div id="main"><h2>Viewing cable {doc['ref']}, {escape(doc['title'])}</h2>
<p>If you are new to these pages, please read an introduction on the structure of a cable as well as how to discuss them with others.</p>
<table class="cable"><tr><th>Reference ID</th><th>Created</th><th>Released</th><th>Classification</th><th>Origin</th></tr>
<tr><td><a>{doc['ref']}</a></td><td>{doc['created']}</td><td>2011-01-{doc['released_day']} 08:00</td><td>{doc['classification']}</td><td>{escape(doc['origin'])}</td></tr></table>
<pre>{escape(doc['cable_text'])}</pre>
<div class="share"><a>Share</a> <a>Tweet</a></div>
<p>Please help us by reporting errors in this cable to the editors.</p></div>
<div id="footer">Cables are published in the order the editors and media partners check them.</div>
</body></html>"""


def cable_search(doc, site):
    """A cable search site of the later full release: search box, a metadata list (date,
    canonical ID, original classification, handling restrictions, character count, executive
    order, locator, TAGS, concepts, enclosure), then the text line by line with <br>."""
    lines = "<br>\n".join(escape(l) for l in doc["cable_text"].split("\n"))
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Cable: {doc['ref']}_a</title></head><body>
<div class="navbar"><a class="brand">{escape(site)}</a><form><input placeholder="Search the library"><button>Search</button></form><a>Donate</a><a>Submit</a></div>
<div class="container"><div class="row"><div class="span3 sidebar"><h4>Specified Search</h4><ul><li>Cables</li><li>Kissinger Cables</li><li>Carter Cables</li></ul></div>
<div class="span9"><h3>{doc['ref']}_a</h3>
<div class="tab"><a>Understanding cables</a> <a>Every cable message consists of three parts</a></div>
<table id="synopsis"><tr><td>Date:</td><td>{doc['created'][:10]} {doc['created'][11:]}:00</td></tr>
<tr><td>Canonical ID:</td><td>{doc['ref']}_a</td></tr><tr><td>Original Classification:</td><td>{doc['classification']}</td></tr>
<tr><td>Current Classification:</td><td>{doc['classification']}</td></tr><tr><td>Handling Restrictions:</td><td>-- N/A or Blank --</td></tr>
<tr><td>Character Count:</td><td>{len(doc['cable_text'])}</td></tr><tr><td>Executive Order:</td><td>-- N/A or Blank --</td></tr>
<tr><td>TAGS:</td><td>PREL - Political Affairs--External Political Relations</td></tr><tr><td>From:</td><td>{escape(doc['origin'])}</td></tr></table>
<div class="text-content">
{lines}
</div>
<div class="share-bar"><a>Tweet</a> <a>Share</a></div></div></div></div>
<footer><p>WikiLeaks Public Library of US Diplomacy. Please support us.</p><p>Key fingerprint 9EF0 C41A FBA5 64AA 650A</p></footer>
</body></html>"""


def newswire(doc, site):
    """A press-release wire: the release with its "CITY, date /Wire/ --" dateline, the
    issuer's boilerplate and contact, "SOURCE" line, then the wire's own related releases."""
    return f"""<!DOCTYPE html><html lang="en-US"><head><meta charset="utf-8"><title>{escape(doc['title'])}</title>
<meta property="og:title" content="{escape(doc['title'])}"><meta property="og:site_name" content="{escape(site)}">
<meta name="description" content="{escape(doc['paragraphs'][0][:120])}"></head><body>
<header><div class="logo">{escape(site)}</div><nav><a>News</a><a>Send a Release</a><a>For Journalists</a><a>Log In</a></nav></header>
<div class="release-header"><h1>{escape(doc['title'])}</h1>{f'<h2 class="subtitle">{escape(doc["lead"])}</h2>' if doc.get('lead') else ''}
<p class="mb-no">News provided by <a>{escape(doc['issuer'])}</a></p><p class="mb-no">{doc['published_shown']}, 09:00 ET</p>
<div class="social"><a>Share this article</a></div></div>
<section class="release-body container"><div class="col-lg-10">
{_paras(doc['paragraphs'])}
{f'<p>SOURCE {escape(doc["issuer"])}</p>' if doc.get('source_line') else ''}
</div></section>
<section class="related"><h3>Also from this source</h3><ul><li><a>Committee hosts briefing, 2 June 2012</a></li></ul><h3>Explore</h3><ul><li><a>Human Rights</a></li><li><a>Government</a></li></ul></section>
<footer>© 2024 Cision US Inc. Contact us. Terms of use. Privacy policy.</footer>
</body></html>"""


def blogger(doc, site):
    """A Blogger blog: the blog's title as the page's h1, a date header above the post
    title (h3), the post body, "Posted by … at …", labels, comments count, blog archive."""
    body = _paras(_letter_parts(doc), "div")
    return f"""<!DOCTYPE html><html dir="ltr" xmlns="http://www.w3.org/1999/xhtml"><head><meta content="text/html; charset=UTF-8" http-equiv="Content-Type"/>
<title>{escape(site)}: {escape(doc['title'])}</title></head><body>
<div class="header-outer"><div class="Header"><h1 class="title"><a href="/">{escape(site)}</a></h1><p class="description">Voices of former members and their families</p></div></div>
<div class="main-outer"><div class="date-outer"><h2 class="date-header"><span>{doc['published_weekday']}</span></h2>
<div class="post hentry"><h3 class="post-title entry-title">{escape(doc['title'])}</h3>
<div class="post-body entry-content">
{body}
</div>
<div class="post-footer"><span class="post-author vcard">Posted by <span class="fn">{escape(doc.get('poster', 'editor'))}</span></span> at <a class="timestamp-link"><abbr class="published">10:21 AM</abbr></a>
<span class="post-comment-link"><a>No comments:</a></span><span class="post-labels">Labels: <a>letters</a>, <a>families</a></span>
<a>Email This</a><a>BlogThis!</a><a>Share to Twitter</a><a>Share to Facebook</a></div></div></div>
<div class="blog-pager"><a>Newer Post</a> <a>Older Post</a> <a>Home</a></div></div>
<div class="sidebar"><h2>Blog Archive</h2><ul><li>► 2015 (12)</li><li>▼ 2014 (30)<ul><li>► December (3)</li><li>► November (5)</li></ul></li></ul><h2>About Me</h2><p>A group of former members.</p></div>
<div class="footer">Simple theme. Powered by Blogger.</div></body></html>"""


def drupal(doc, site):
    """A Drupal site of an NGO: region blocks, a node with submitted line, a body field,
    a field of attachments, "Log in or register to post comments", a footer menu."""
    body = _paras(_letter_parts(doc))
    return f"""<!DOCTYPE html><html lang="en" dir="ltr"><head><meta charset="utf-8" />
<title>{escape(doc['title'])} | {escape(site)}</title>
<link rel="canonical" href="https://{doc['host']}/node/{doc['id']}" /><meta name="dcterms.date" content="{doc['published']}T00:00:00+01:00" /></head>
<body class="path-node page-node-type-article"><a href="#main-content" class="visually-hidden focusable skip-link">Skip to main content</a>
<div class="dialog-off-canvas-main-canvas"><div class="layout-container">
<header role="banner"><div class="region region-header"><div id="block-sitebranding"><a href="/" rel="home">{escape(site)}</a><div class="site-slogan">For refugees' rights</div></div></div>
<div class="region region-primary-menu"><nav role="navigation"><ul class="menu"><li><a>Home</a></li><li><a>What we do</a></li><li><a>Publications</a></li><li><a>Press</a></li><li><a>Donate</a></li></ul></nav></div></header>
<div class="region region-breadcrumb"><nav class="breadcrumb"><ol><li><a>Home</a></li><li><a>Publications</a></li></ol></nav></div>
<main role="main"><a id="main-content" tabindex="-1"></a><div class="layout-content">
<div class="region region-content"><article role="article" class="node node--type-article node--view-mode-full">
<h1 class="page-title"><span class="field field--name-title">{escape(doc['title'])}</span></h1>
<div class="node__meta"><span>Submitted by <span class="username">admin</span> on {doc['published_shown']}</span></div>
<div class="node__content"><div class="clearfix text-formatted field field--name-body field--type-text-with-summary field__item">
{body}
</div>
<div class="field field--name-field-attachment"><div class="field__label">Attachment</div><span class="file file--application-pdf"><a>letter.pdf</a></span> 212.4 KB</div>
<ul class="links inline"><li><a>Log in</a> or <a>register</a> to post comments</li></ul></div></article></div></div></main>
<footer role="contentinfo"><div class="region region-footer"><nav><ul class="menu"><li><a>Contact</a></li><li><a>Privacy policy</a></li></ul></nav><p>Registered charity. © {escape(site)}</p></div></footer>
</div></div></body></html>"""


def un_digest(doc, site):
    """A humanitarian information service that reposts documents from their authors: the
    service's banner, "Source", "Posted", "Originally published", format and country
    labels, the document, a "Download" box and "Related content"."""
    body = _paras(_letter_parts(doc))
    return f"""<!DOCTYPE html><html lang="en" dir="ltr"><head><meta charset="utf-8"><title>{escape(doc['title'])} - {escape(doc['country'])} | {escape(site)}</title>
<meta property="og:title" content="{escape(doc['title'])}"><meta property="og:site_name" content="{escape(site)}"></head><body>
<div class="cd-global-header"><a>OCHA Services</a><a>Related platforms</a><a>Log in</a></div>
<header class="cd-site-header"><a class="cd-site-logo">{escape(site)}</a><span class="cd-site-slogan">Informing humanitarians worldwide 24/7</span>
<nav><a>Updates</a><a>Countries</a><a>Disasters</a><a>Organizations</a><a>Topics</a><a>Jobs</a><a>Training</a></nav></header>
<main id="main-content"><article class="rw-article"><header class="rw-article__header"><div class="rw-entity-country-slug"><a>{escape(doc['country'])}</a> + 1 more</div>
<h1 class="rw-article__title">{escape(doc['title'])}</h1></header>
<section class="rw-entity-meta"><dl><dt>Format</dt><dd>{escape(doc['format'])}</dd><dt>Source</dt><dd><a>{escape(doc['source'])}</a></dd>
<dt>Posted</dt><dd><time datetime="{doc['posted']}">{doc['posted_shown']}</time></dd><dt>Originally published</dt><dd><time datetime="{doc['published']}">{doc['published_shown']}</time></dd></dl></section>
<div class="rw-report__content">
{body}
</div>
<section class="rw-attachment"><h2>Attachments</h2><a>Download document (PDF | 180.2 KB)</a></section></article>
<section class="rw-river"><h2>Related Content</h2><article><h3><a>Iraq: Humanitarian Bulletin, {doc['posted_shown']}</a></h3></article><article><h3><a>Camp profile update</a></h3></article></section></main>
<footer class="cd-footer"><p>{escape(site)} is a service provided by a UN office. Copyright information. Terms of use. Privacy policy.</p></footer></body></html>"""


def joomla(doc, site):
    """A Joomla site: module positions, the article's dl.article-info (Details, Category,
    Published, Hits), pagenavigation, breadcrumb module "You are here:"."""
    body = _paras(_letter_parts(doc))
    return f"""<!DOCTYPE html><html xml:lang="en-gb" lang="en-gb" dir="ltr"><head><meta http-equiv="content-type" content="text/html; charset=utf-8" />
<title>{escape(doc['title'])}</title><meta name="generator" content="Joomla! - Open Source Content Management" /></head><body class="site com_content view-article">
<div class="header"><a class="brand" href="/"><span class="site-title" title="{escape(site)}">{escape(site)}</span></a><div class="header-search"><input name="searchword" placeholder="Search ..."></div></div>
<nav class="navigation"><ul class="nav menu"><li><a>Home</a></li><li><a>News</a></li><li><a>Articles</a></li><li><a>Documents</a></li><li><a>Contact</a></li></ul></nav>
<div class="moduletable"><ul class="breadcrumb"><li>You are here: &#160;</li><li><a>Home</a><span class="divider"> / </span></li><li><a>{escape(doc['category'])}</a></li></ul></div>
<main id="content"><div class="item-page"><div class="page-header"><h2 itemprop="headline">{escape(doc['title'])}</h2></div>
<dl class="article-info muted"><dt class="article-info-term">Details</dt><dd class="category-name">Category: <a>{escape(doc['category'])}</a></dd>
<dd class="published"><time datetime="{doc['published']}T00:00:00+00:00">Published: {doc['published_joomla']}</time></dd><dd class="hits">Hits: 2311</dd></dl>
<div class="btn-group pull-right"><a>Print</a><a>Email</a></div>
<div itemprop="articleBody">
{body}
</div>
<ul class="pager pagenav"><li class="previous"><a>Prev</a></li><li class="next"><a>Next</a></li></ul></div></main>
<div id="aside"><div class="moduletable"><h3>Latest News</h3><ul class="latestnews"><li><a>Families meet officials on 4 April 2013</a></li><li><a>New report on the camp</a></li></ul></div>
<div class="moduletable"><h3>Who's Online</h3><p>We have 41 guests and no members online</p></div></div>
<footer class="footer"><p>&copy; 2013 {escape(site)}</p><p><a href="#top">Back to Top</a></p></footer></body></html>"""


def static_tables(doc, site):
    """An old hand-made site laid out with tables: a left column of links, a marquee of
    news, the document in a wide cell, a hit counter and "last updated" line."""
    body = "".join(f"<p><font face=\"Arial\" size=\"2\">{escape(p).replace(chr(10), '<br>')}</font></p>\n" for p in _letter_parts(doc))
    return f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset={doc.get('declared', 'windows-1252')}"><title>{escape(site)} - {escape(doc['title'])}</title></head>
<body bgcolor="#FFFFFF"><table width="780" border="0"><tr><td colspan="2"><img src="banner.jpg" alt="{escape(site)}"><marquee>Latest: families gather in Baghdad on 9 June 2009</marquee></td></tr>
<tr><td width="160" valign="top"><a href="index.htm">Home</a><br><a>About us</a><br><a>Letters</a><br><a>Articles</a><br><a>Photos</a><br><a>Links</a><br><a>Contact</a></td>
<td width="620" valign="top"><p align="center"><font size="4"><b>{escape(doc['title'])}</b></font></p>
{body}
</td></tr><tr><td colspan="2"><font size="1">Last updated: 3 January 2010 | Visitors: 004512 | Best viewed with Internet Explorer</font></td></tr></table></body></html>"""


def rtl_wordpress(doc, site):
    """A Persian or Arabic WordPress theme: dir="rtl", the language declared, the menu and
    the footer in the same script, and the charset the file was saved in."""
    body = _paras(_letter_parts(doc))
    lang = doc["language"]
    return f"""<!DOCTYPE html>
<html dir="rtl" lang="{lang}"><head><meta http-equiv="Content-Type" content="text/html; charset={doc.get('declared', 'utf-8')}">
<title>{escape(doc['title'])} | {escape(site)}</title><meta property="og:site_name" content="{escape(site)}"></head>
<body class="rtl single"><header><div class="logo"><a href="/">{escape(site)}</a></div>
<nav><ul><li><a>{escape(doc['menu'][0])}</a></li><li><a>{escape(doc['menu'][1])}</a></li><li><a>{escape(doc['menu'][2])}</a></li></ul></nav></header>
<main><article><h1 class="entry-title">{escape(doc['title'])}</h1><div class="entry-meta"><span>{escape(doc['published_shown'])}</span></div>
<div class="entry-content">
{body}
</div><div class="share">{escape(doc['menu'][3])}: <a>Facebook</a> <a>Telegram</a></div></article>
<aside><h3>{escape(doc['menu'][4])}</h3><ul><li><a>{escape(doc['menu'][5])}</a></li></ul></aside></main>
<footer><p>© {escape(site)}</p></footer></body></html>"""


def substack(doc, site):
    """A newsletter platform's post: the publication's name, "Subscribe" buttons above and
    below, the post's title and subtitle, the author's name and date, like/comment/share
    counters, and a "Ready for more?" box."""
    body = _paras(_letter_parts(doc))
    author = doc.get("byline", "")
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{escape(doc['title'])} - by {escape(author)}</title>
<meta property="og:title" content="{escape(doc['title'])}"><meta property="og:site_name" content="{escape(site)}"><meta name="author" content="{escape(author)}">
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"NewsArticle","headline":"{escape(doc['title'])}","datePublished":"{doc['published']}T12:00:00+00:00","author":[{{"@type":"Person","name":"{escape(author)}"}}],"publisher":{{"@type":"Organization","name":"{escape(site)}"}}}}</script></head><body>
<div class="topbar"><a class="navbar-title">{escape(site)}</a><button>Subscribe</button><button>Sign in</button></div>
<article class="post"><div class="post-header"><h1 class="post-title">{escape(doc['title'])}</h1>{f'<h3 class="subtitle">{escape(doc["lead"])}</h3>' if doc.get('lead') else ''}
<div class="post-meta"><a class="author">{escape(author)}</a><div class="post-date">{doc['published_shown']}</div></div>
<div class="post-ufi"><a>1.2K</a><a>48</a><a>Share</a></div></div>
<div class="available-content"><div class="body markup">
{body}
</div></div>
<div class="subscription-widget"><p>Thanks for reading! Subscribe for free to receive new posts.</p><input type="email"><button>Subscribe</button></div>
<div class="post-footer"><a>1.2K Likes</a><a>48 Comments</a><a>Share</a></div></article>
<div class="end-of-post"><h2>Ready for more?</h2><button>Subscribe</button></div>
<footer>© 2024 {escape(site)}. Privacy. Terms. Collection notice. Start writing. Get the app.</footer></body></html>"""


STRUCTURES = {
    "wordpress_ngo": wordpress_ngo,
    "wordpress_political": wordpress_political,
    "news_cms": news_cms,
    "amp_page": amp_page,
    "government_press": government_press,
    "cable_viewer": cable_viewer,
    "cable_search": cable_search,
    "newswire": newswire,
    "blogger": blogger,
    "drupal": drupal,
    "un_digest": un_digest,
    "joomla": joomla,
    "static_tables": static_tables,
    "rtl_wordpress": rtl_wordpress,
    "substack": substack,
}
