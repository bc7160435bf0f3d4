from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def home_block(context, block):
    """Render a home block's template with its own data on top of the page's context (like include)."""
    tmpl = context.template.engine.get_template(block.template)
    with context.push(block.data):
        return tmpl.render(context)
