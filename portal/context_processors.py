from . import navigation


def nav(request):
    return {"nav_items": navigation.items_for(request.user)}
