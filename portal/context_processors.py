from . import navigation


def nav(request):
    return {
        "nav_items": navigation.items_for(request.user),
        "nav_menu": navigation.menu_for(request.user, request.path),
    }
