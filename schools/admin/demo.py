"""The demo loader's schools step (registered from schools/wagtail_hooks.py)."""

from wagtail import hooks


@hooks.register("clearsight_demo_content")
def demo_pack_files(loader, site):
    """Real files for the demo's lesson packs and toolkits, made from their content
    (schools/demo.py), with curriculum links and professional-only access."""
    from schools.demo import load_pack_files

    load_pack_files(loader, site)
